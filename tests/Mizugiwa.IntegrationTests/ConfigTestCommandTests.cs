using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mizugiwa.IntegrationTests.Infrastructure;

namespace Mizugiwa.IntegrationTests;

/// <summary>`mizugiwa config test`: what serve would start with, checked by the real executable without listening.</summary>
public sealed class ConfigTestCommandTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("mizugiwa-config-test-");

    private string DataDirectory => Path.Combine(_root.FullName, "data");

    public void Dispose() => _root.Delete(recursive: true);

    private Task<ProcessResult> RunAsync(Dictionary<string, string>? settings = null, params string[] extra) =>
        MizugiwaExecutable.RunAsync(["config", "test", .. extra], MizugiwaExecutable.Environment(DataDirectory, settings), null, _root.FullName);

    [Fact]
    public async Task A_good_configuration_lists_the_listeners_and_the_certificate_and_says_ok()
    {
        var result = await RunAsync(new() { ["Mx__Port"] = "2600", ["Imap__Enabled"] = "false" });
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("mx: 127.0.0.1:2600\n", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("imap: off (STARTTLS), 127.0.0.1:5993 (TLS)\n", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("certificate: CN=", result.StandardOutput, StringComparison.Ordinal);
        Assert.EndsWith("configuration OK\n", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_problem_serve_would_meet_only_when_building_exits_78_naming_it()
    {
        // Not a value check: only building the content scanner finds a symbol no analyzer adds.
        var result = await RunAsync(new() { ["Content__Weights__BAYES_999X"] = "1" });
        Assert.Equal(78, result.ExitCode);
        Assert.Contains("Content:Weights:BAYES_999X", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("configuration OK", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_about_to_end_is_named_with_a_warning()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=mx.example.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-80), DateTimeOffset.UtcNow.AddDays(5));
        var certificateFile = Path.Combine(_root.FullName, "fullchain.pem");
        var keyFile = Path.Combine(_root.FullName, "privkey.pem");
        await File.WriteAllTextAsync(certificateFile, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());

        var result = await RunAsync(new() { ["Tls__CertificatePath"] = certificateFile, ["Tls__KeyPath"] = keyFile });
        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"certificate: CN=mx.example.test ({certificateFile})", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("warning: the certificate ends in less than 14 days", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_extra_argument_is_a_usage_error()
    {
        var result = await RunAsync(null, "now");
        Assert.Equal(64, result.ExitCode);
        Assert.Contains("unexpected argument 'now'", result.StandardError, StringComparison.Ordinal);
    }
}
