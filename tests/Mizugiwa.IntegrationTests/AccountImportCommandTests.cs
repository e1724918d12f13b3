using Mizugiwa.IntegrationTests.Infrastructure;
using Mizugiwa.Storage;

namespace Mizugiwa.IntegrationTests;

/// <summary><c>mizugiwa account import</c> run as the real executable: dry run, all-or-nothing, exit codes, and logins afterwards.</summary>
public sealed class AccountImportCommandTests : IDisposable
{
    private const int ExDataErr = 65;
    private const string Sha512HelloWorld = "{SHA512-CRYPT}$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1";
    private const string BcryptUU = "$2y$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("mizugiwa-import-");

    private string DataDirectory => Path.Combine(_root.FullName, "data");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _root.Delete(recursive: true);
    }

    private static readonly string GoodCsv = $"""
        address,password,password_hash,display_name,forward,filter_mode
        alice@example.test,al1ce-pw,,"Liddell, Alice",,reject
        bob@example.test,,{Sha512HelloWorld},Bob,"bob@elsewhere.test, robert@elsewhere.test",
        carol@example.test,,{BcryptUU},,,quarantine

        """;

    [Fact]
    public async Task A_file_with_one_bad_line_exits_65_names_the_line_and_imports_nothing()
    {
        Assert.Equal(0, (await RunAsync(["domain", "add", "example.test"])).ExitCode);
        var file = await WriteAsync("bad.csv", GoodCsv.Replace("carol@example.test", "carol@other.test"));

        var result = await RunAsync(["account", "import", file]);

        Assert.Equal(ExDataErr, result.ExitCode);
        Assert.Contains("line 4: ERROR domain other.test is not a local domain", result.StandardError);
        Assert.Contains($"mizugiwa: 1 bad line(s) in {file}; nothing was imported", result.StandardError);
        Assert.DoesNotContain("line 2", result.AllOutput);
        Assert.Equal("", (await RunAsync(["account", "list"])).StandardOutput);
    }

    [Fact]
    public async Task Dry_run_prints_every_line_and_changes_nothing()
    {
        Assert.Equal(0, (await RunAsync(["domain", "add", "example.test"])).ExitCode);
        var file = await WriteAsync("good.csv", GoodCsv + "bad-address,pw,,,,\n");

        var result = await RunAsync(["account", "import", file, "--dry-run"]);

        Assert.Equal(ExDataErr, result.ExitCode);
        Assert.Contains("line 2: add alice@example.test (password) name \"Liddell, Alice\" filter reject", result.StandardOutput);
        Assert.Contains("line 3: add bob@example.test (hash {SHA512-CRYPT}) name \"Bob\" forward bob@elsewhere.test, robert@elsewhere.test", result.StandardOutput);
        Assert.Contains("line 4: add carol@example.test (hash {BLF-CRYPT}) filter quarantine", result.StandardOutput);
        Assert.Contains("line 5: ERROR 'bad-address' is not a valid address", result.StandardOutput);
        Assert.Contains("dry run: 3 good line(s), 1 bad line(s)", result.StandardOutput);
        Assert.Equal("", (await RunAsync(["account", "list"])).StandardOutput);
    }

    [Fact]
    public async Task A_good_file_is_imported_listed_with_details_and_every_account_can_log_in()
    {
        Assert.Equal(0, (await RunAsync(["domain", "add", "example.test"])).ExitCode);
        var file = await WriteAsync("good.csv", "\uFEFF" + GoodCsv.ReplaceLineEndings("\r\n"));

        var dry = await RunAsync(["account", "import", file, "--dry-run"]);
        Assert.Equal(0, dry.ExitCode);
        Assert.Contains("dry run: 3 account(s) to add, no errors; nothing was changed", dry.StandardOutput);

        var result = await RunAsync(["account", "import", file]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"imported 3 account(s) from {file}", result.StandardOutput);
        Assert.Contains("preparing accounts: 100% (3/3)", result.StandardError); // stderr is not a terminal: progress lines
        var list = (await RunAsync(["account", "list", "--details"])).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([
            "alice@example.test\tname=Liddell, Alice\tforward=-\tfilter=reject\tpassword={ARGON2ID}\tscram=yes\tdisabled=no\tquota=-",
            "bob@example.test\tname=Bob\tforward=bob@elsewhere.test,robert@elsewhere.test\tfilter=label\tpassword={SHA512-CRYPT}\tscram=no\tdisabled=no\tquota=-",
            "carol@example.test\tname=-\tforward=-\tfilter=quarantine\tpassword={BLF-CRYPT}\tscram=no\tdisabled=no\tquota=-"], list);

        var verifier = new DirectoryCredentialVerifier(SqlDirectory.OpenSqlite(Path.Combine(DataDirectory, "mizugiwa.db")));
        Assert.Equal("alice@example.test", await verifier.VerifyPasswordAsync("alice@example.test", "al1ce-pw", CancellationToken.None));
        Assert.Equal("bob@example.test", await verifier.VerifyPasswordAsync("bob@example.test", "Hello world!", CancellationToken.None));
        Assert.Equal("carol@example.test", await verifier.VerifyPasswordAsync("carol@example.test", "U*U", CancellationToken.None));
        Assert.Null(await verifier.VerifyPasswordAsync("carol@example.test", "U*U*", CancellationToken.None));

        var again = await RunAsync(["account", "import", file]);
        Assert.Equal(ExDataErr, again.ExitCode);
        Assert.Contains("line 2: ERROR account alice@example.test already exists", again.StandardError);
    }

    private async Task<string> WriteAsync(string name, string text)
    {
        var path = Path.Combine(_root.FullName, name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    private Task<ProcessResult> RunAsync(string[] args) =>
        MizugiwaExecutable.RunAsync(args, MizugiwaExecutable.Environment(DataDirectory), null, _root.FullName);
}
