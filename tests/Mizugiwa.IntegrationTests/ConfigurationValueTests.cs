using System.Globalization;
using Mizugiwa.IntegrationTests.Infrastructure;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// Configuration values that passed the loader and then crashed the real executable with a stack trace
/// (a TimeSpan or timer overflow when the host was built, a parser stricter than the loader's check,
/// a file where the data directory should be): now exit 78 naming the key.
/// </summary>
public sealed class ConfigurationValueTests : IDisposable
{
    private const int ExConfig = 78;

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("mizugiwa-config-values-");

    public void Dispose() => _root.Delete(recursive: true);

    [Theory]
    [InlineData("Outbound__MaxQueueDays", "1e308", "Outbound:MaxQueueDays")]
    [InlineData("Checks__Rgrey__ExpiryDays", "2147483647", "Checks:Rgrey:ExpiryDays")]
    [InlineData("Content__DatePastToleranceDays", "2147483647", "Content:DatePastToleranceDays")]
    [InlineData("Queue__ScanSeconds", "2147483647", "Queue:ScanSeconds")]
    [InlineData("Checks__Dns__Servers__0", "127.0.0.1:0", "Checks:Dns:Servers")]
    [InlineData("Mx__Port", "abc", "Mx:Port 'abc' is not a whole number")]
    [InlineData("Content__Weights__BAYES_999X", "2", "Content:Weights:BAYES_999X names no symbol an analyzer or rule adds")]
    [InlineData("Content__ForcedActions__FINGERPRINT_EXACTT", "reject", "Content:ForcedActions:FINGERPRINT_EXACTT names no symbol")]
    [InlineData("Content__Disabled__0", "bayse", "Content:Disabled 'bayse' is not an analyzer (these are: arc, attachment, bayes, charset, clamd,")]
    [InlineData("Pop3__ImplicitTlsPort", "99999", "Pop3:ImplicitTlsPort 99999 is outside 0..65535")]
    [InlineData("Imap__Port", "70000", "Imap:Port 70000 must be within 0..65535")]
    [InlineData("Imap__ImplicitTlsPort", "-1", "Imap:ImplicitTlsPort -1 must be within 0..65535")]
    [InlineData("Imap__IdleTimeoutMinutes", "5", "Imap:IdleTimeoutMinutes 5 must be within 30..1440")]
    public async Task Serve_with_a_value_it_cannot_use_exits_78_naming_the_key_without_a_stack_trace(string key, string value, string named)
    {
        var settings = new Dictionary<string, string>
        {
            ["Mx__Port"] = ServerProcess.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Web__Enabled"] = "false",
            ["Submission__Enabled"] = "false",
            ["Submission__ImplicitTlsEnabled"] = "false",
            [key] = value,
        };

        var result = await MizugiwaExecutable.RunAsync(["serve"], MizugiwaExecutable.Environment(Path.Combine(_root.FullName, "data"), settings), workingDirectory: _root.FullName);

        Assert.Equal(ExConfig, result.ExitCode);
        Assert.Contains(named, result.StandardError);
        Assert.DoesNotContain("Unhandled exception", result.StandardError);
    }

    [Fact]
    public async Task Weights_may_name_symbols_of_rule_files_uribl_zones_and_unconfigured_clamd_and_they_count()
    {
        var rules = Path.Combine(_root.FullName, "local.rules");
        await File.WriteAllTextAsync(rules, "body LOCAL_WINTER /winter catalogue/i score 0.5 describe \"a local rule\"\n");
        var message = Path.Combine(_root.FullName, "m.eml");
        await File.WriteAllTextAsync(message, "From: a@shop.example\r\nSubject: hello\r\n\r\nOur winter catalogue is out.\r\n");
        var settings = new Dictionary<string, string>
        {
            ["Content__RuleFiles__0"] = rules,
            ["Content__Weights__local_winter"] = "3.25",
            ["Content__Urls__UriblZones__0__Zone"] = "multi.uribl.test",
            ["Content__Weights__URI_URIBL_MULTI_URIBL_TEST"] = "5",
            ["Content__ForcedActions__VIRUS_FOUND"] = "reject",
            ["Content__Disabled__0"] = "CLAMD",
            ["Content__Disabled__1"] = "dmarc", // no DNS server here to ask
        };

        var result = await MizugiwaExecutable.RunAsync(["scan", message], MizugiwaExecutable.Environment(Path.Combine(_root.FullName, "data"), settings), workingDirectory: _root.FullName);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Matches(@"\n  LOCAL_WINTER +3\.25", result.StandardOutput);

        settings["Content__Weights__LOCAL_WINTR"] = "1";
        var typo = await MizugiwaExecutable.RunAsync(["scan", message], MizugiwaExecutable.Environment(Path.Combine(_root.FullName, "data"), settings), workingDirectory: _root.FullName);
        Assert.Equal(ExConfig, typo.ExitCode);
        Assert.Contains("Content:Weights:LOCAL_WINTR names no symbol", typo.StandardError);
        Assert.DoesNotContain("Unhandled exception", typo.StandardError);
    }

    [Fact]
    public async Task A_command_whose_data_directory_is_a_file_exits_78_naming_DataDirectory()
    {
        var file = Path.Combine(_root.FullName, "not-a-directory");
        await File.WriteAllTextAsync(file, "");

        var result = await MizugiwaExecutable.RunAsync(["domain", "list"], MizugiwaExecutable.Environment(file), workingDirectory: _root.FullName);

        Assert.Equal(ExConfig, result.ExitCode);
        Assert.Contains($"DataDirectory '{file}' cannot be a directory: '{file}' is a file", result.StandardError);
        Assert.DoesNotContain("Unhandled exception", result.StandardError);
    }
}
