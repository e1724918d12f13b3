using Mizugiwa.IntegrationTests.Infrastructure;

namespace Mizugiwa.IntegrationTests;

/// <summary>Outbound:RelayHost and its credentials as `mizugiwa config test` (the real executable) sees them.</summary>
public sealed class SmarthostConfigTests : IDisposable
{
    private const int ExConfig = 78;
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("mizugiwa-relay-config-");

    private string DataDirectory => Path.Combine(_root.FullName, "data");

    private string PasswordFile => Path.Combine(_root.FullName, "relay-password");

    public void Dispose() => _root.Delete(recursive: true);

    private Task<ProcessResult> RunAsync(Dictionary<string, string> settings) =>
        MizugiwaExecutable.RunAsync(["config", "test"], MizugiwaExecutable.Environment(DataDirectory, settings), null, _root.FullName);

    [Fact]
    public async Task The_relay_host_and_its_TLS_are_printed_and_the_password_is_not()
    {
        await File.WriteAllTextAsync(PasswordFile, "not-for-the-log\n");
        var result = await RunAsync(new()
        {
            ["Outbound__RelayHost"] = "[127.0.0.1]:2587",
            ["Outbound__RelayUser"] = "site@provider.test",
            ["Outbound__RelayPasswordFile"] = PasswordFile,
        });
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("outbound: relay host [127.0.0.1]:2587 (no MX lookup; AUTH as site@provider.test, STARTTLS required, certificate verified)\n",
            result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("not-for-the-log", result.ToString(), StringComparison.Ordinal);

        var byMx = await RunAsync(new());
        Assert.Contains("outbound: by MX, port 25, MTA-STS on\n", byMx.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Outbound__RelayHost", "smtp.provider.test:99999", "Outbound:RelayHost")]
    [InlineData("Outbound__RelayHost", "::1", "Outbound:RelayHost")]
    [InlineData("Outbound__RelayTls", "Ssl", "Outbound:RelayTls")]
    [InlineData("Outbound__RelayUser", "site@provider.test", "Outbound:RelayPasswordFile")]
    [InlineData("Outbound__RelayPasswordFile", "/nonexistent/relay-password", "Outbound:RelayPasswordFile")]
    public async Task A_relay_setting_that_cannot_be_used_exits_78_naming_the_key(string key, string value, string named)
    {
        var settings = new Dictionary<string, string> { ["Outbound__RelayHost"] = "[127.0.0.1]:2587", [key] = value };
        if (key == "Outbound__RelayPasswordFile") settings["Outbound__RelayUser"] = "site@provider.test";
        var result = await RunAsync(settings);
        Assert.Equal(ExConfig, result.ExitCode);
        Assert.Contains(named, result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MTA_STS_can_be_turned_off_and_its_test_settings_are_checked()
    {
        var off = await RunAsync(new() { ["Outbound__MtaSts"] = "false" });
        Assert.Contains("outbound: by MX, port 25, MTA-STS off\n", off.StandardOutput, StringComparison.Ordinal);
        var badPort = await RunAsync(new() { ["Outbound__MtaStsPolicyPort"] = "0" });
        Assert.Equal(ExConfig, badPort.ExitCode);
        Assert.Contains("Outbound:MtaStsPolicyPort", badPort.StandardError, StringComparison.Ordinal);
        await File.WriteAllTextAsync(PasswordFile, "not a certificate\n");
        var badCertificate = await RunAsync(new() { ["Outbound__MtaStsTrustedCertificate"] = PasswordFile });
        Assert.Equal(ExConfig, badCertificate.ExitCode);
        Assert.Contains("Outbound:MtaStsTrustedCertificate", badCertificate.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_password_file_exits_78_naming_it()
    {
        await File.WriteAllTextAsync(PasswordFile, "\n");
        var result = await RunAsync(new()
        {
            ["Outbound__RelayHost"] = "[127.0.0.1]:2587",
            ["Outbound__RelayUser"] = "site@provider.test",
            ["Outbound__RelayPasswordFile"] = PasswordFile,
        });
        Assert.Equal(ExConfig, result.ExitCode);
        Assert.Contains("Outbound:RelayPasswordFile", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("empty", result.StandardError, StringComparison.Ordinal);
    }
}
