using Mizugiwa.IntegrationTests.Infrastructure;

namespace Mizugiwa.IntegrationTests;

/// <summary>Exit codes (sysexits.h) and messages of the real executable for bad configuration and bad commands.</summary>
public sealed class CommandLineErrorTests : IDisposable
{
    private const int ExUsage = 64, ExDataErr = 65, ExUnavailable = 69, ExConfig = 78;

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("mizugiwa-cli-");

    private string DataDirectory => Path.Combine(_root.FullName, "data");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task Serve_with_a_port_out_of_range_exits_78_naming_Mx_Port()
    {
        var result = await RunAsync(["serve"], new() { ["Mx__Port"] = "70000" });

        Assert.Equal(ExConfig, result.ExitCode);
        Assert.Contains("Mx:Port", result.StandardError);
        Assert.Contains("70000", result.StandardError);
    }

    [Fact]
    public async Task Serve_with_no_milter_connections_allowed_exits_78_naming_Milter_MaxConnections()
    {
        var result = await RunAsync(["serve"], new() { ["Milter__Enabled"] = "true", ["Milter__MaxConnections"] = "0" });

        Assert.Equal(ExConfig, result.ExitCode);
        Assert.Contains("Milter:MaxConnections 0 must be at least 1", result.StandardError);
    }

    [Fact]
    public async Task Config_option_naming_a_missing_file_exits_78_naming_the_file()
    {
        var missing = Path.Combine(_root.FullName, "no-such-config.json");

        var result = await RunAsync(["--config", missing, "serve"]);

        Assert.Equal(ExConfig, result.ExitCode);
        Assert.Contains($"config file '{missing}' does not exist", result.StandardError);
    }

    [Fact]
    public async Task Config_file_with_an_unknown_key_exits_78_naming_the_key()
    {
        var config = Path.Combine(_root.FullName, "typo.json");
        await File.WriteAllTextAsync(config, """{ "Mx": { "Prot": 2525 } }""");

        var result = await RunAsync(["--config", config, "serve"]);

        Assert.Equal(ExConfig, result.ExitCode);
        Assert.Contains("unknown configuration key(s): Mx:Prot", result.StandardError);
    }

    [Fact]
    public async Task Account_add_for_a_domain_that_is_not_local_exits_65_with_a_clear_message()
    {
        Assert.Equal(0, (await RunAsync(["domain", "add", "example.test"])).ExitCode);

        var result = await RunAsync(["account", "add", "carol@other.test", "--password-stdin"], stdin: "secret\n");

        Assert.Equal(ExDataErr, result.ExitCode);
        Assert.Equal("mizugiwa: domain other.test is not a local domain", result.StandardError.Trim());
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("   \n")]
    public async Task Account_add_with_a_blank_password_exits_65_and_adds_nothing(string stdin)
    {
        Assert.Equal(0, (await RunAsync(["domain", "add", "example.test"])).ExitCode);

        var result = await RunAsync(["account", "add", "carol@example.test", "--password-stdin"], stdin: stdin);

        Assert.Equal(ExDataErr, result.ExitCode);
        Assert.Equal("mizugiwa: the password is empty (or only spaces); nothing was changed", result.StandardError.Trim());
        Assert.DoesNotContain("carol@example.test", (await RunAsync(["account", "list"])).StandardOutput);
    }

    [Fact]
    public async Task Domain_without_a_subcommand_exits_64_with_usage()
    {
        var result = await RunAsync(["domain"]);

        Assert.Equal(ExUsage, result.ExitCode);
        Assert.Contains("missing subcommand", result.StandardError);
        Assert.Contains("usage: mizugiwa domain add DOMAIN", result.StandardError);
    }

    [Fact]
    public async Task Serve_with_a_Bayes_file_of_a_newer_version_exits_69_naming_the_file_and_leaves_it_alone()
    {
        Directory.CreateDirectory(DataDirectory);
        var bayes = Path.Combine(DataDirectory, "bayes.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={bayes};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE bayes_schema_version (version INTEGER NOT NULL); INSERT INTO bayes_schema_version VALUES (99);";
            command.ExecuteNonQuery();
        }

        var result = await RunAsync(["serve"], new() { ["Mx__Port"] = ServerProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), ["Web__Enabled"] = "false" });

        Assert.Equal(ExUnavailable, result.ExitCode);
        Assert.Contains($"Bayes database {bayes} has schema version 99; this program knows only up to 1", result.StandardError);
        using var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={bayes};Pooling=False;Mode=ReadOnly");
        check.Open();
        using var tables = check.CreateCommand();
        tables.CommandText = "SELECT group_concat(name) FROM sqlite_master WHERE type = 'table'";
        Assert.Equal("bayes_schema_version", tables.ExecuteScalar());
    }

    [Fact]
    public async Task Commands_whose_postgresql_cannot_be_reached_exit_69_naming_the_store_without_a_stack_trace()
    {
        var unreachable = $"Host=127.0.0.1;Port={ServerProcess.FreePort()};Username=postgres;Password=s3cret;Database=mail;Timeout=1";
        var message = Path.Combine(_root.FullName, "message.eml");
        await File.WriteAllTextAsync(message, "From: a@sender.example\r\nTo: b@example.test\r\nSubject: hi\r\n\r\nhello\r\n");
        var settings = new Dictionary<string, string>
        {
            ["Directory__Backend"] = "Postgres", ["Directory__ConnectionString"] = unreachable,
            ["Log__Backend"] = "Postgres", ["Log__ConnectionString"] = unreachable,
        };
        var expected = new Dictionary<string[], string>
        {
            [["scan", message]] = "mizugiwa: cannot open the PostgreSQL directory (host 127.0.0.1",
            [["check", "--ip", "192.0.2.1", "--helo", "mx.sender.example", "--from", "a@sender.example", "--to", "b@example.test"]] = "mizugiwa: cannot open the PostgreSQL directory (host 127.0.0.1",
            [["domain", "list"]] = "mizugiwa: cannot open the PostgreSQL directory (host 127.0.0.1",
            [["log", "search", "--ip", "192.0.2.1"]] = "mizugiwa: cannot read the transaction log in PostgreSQL (host 127.0.0.1",
            [["log", "story", "ABC123"]] = "mizugiwa: cannot read the transaction log in PostgreSQL (host 127.0.0.1",
        };
        foreach (var (args, start) in expected)
        {
            var result = await RunAsync(args, settings);

            Assert.True(result.ExitCode == ExUnavailable, $"{string.Join(' ', args)}: exit {result.ExitCode}\n{result.AllOutput}");
            Assert.StartsWith(start, result.StandardError);
            Assert.DoesNotContain("Unhandled exception", result.AllOutput);
            Assert.DoesNotContain("s3cret", result.AllOutput);
        }
    }

    [Fact]
    public async Task Commands_on_the_shared_state_say_when_redis_did_not_answer()
    {
        var settings = new Dictionary<string, string>
        {
            ["State__Backend"] = "Redis",
            ["State__Redis"] = $"127.0.0.1:{ServerProcess.FreePort()},connectTimeout=500",
        };

        foreach (var args in new[] { new[] { "fingerprint", "list" }, ["blocks", "list"], ["limits", "show", "192.0.2.1"] })
        {
            var result = await RunAsync(args, settings);

            Assert.True(result.ExitCode == 0, $"{string.Join(' ', args)}: exit {result.ExitCode}\n{result.AllOutput}");
            Assert.Contains("mizugiwa: warning: the shared state store (Redis) did not answer; this read or changed only this node's local state", result.StandardError);
        }
    }

    [Fact]
    public async Task A_data_directory_that_cannot_be_made_exits_74_naming_the_path()
    {
        var result = await MizugiwaExecutable.RunAsync(["domain", "list"],
            MizugiwaExecutable.Environment("/proc/mizugiwa-no-such/data"), workingDirectory: _root.FullName);

        Assert.Equal(74, result.ExitCode);
        Assert.StartsWith("mizugiwa: ", result.StandardError);
        Assert.Contains("/proc/mizugiwa-no-such", result.StandardError);
        Assert.DoesNotContain("Unhandled exception", result.AllOutput);
    }

    private Task<ProcessResult> RunAsync(string[] args, Dictionary<string, string>? settings = null, string? stdin = null) =>
        MizugiwaExecutable.RunAsync(args, MizugiwaExecutable.Environment(DataDirectory, settings), stdin, _root.FullName);
}
