using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Mizugiwa.IntegrationTests.Infrastructure;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// A renewed certificate taken on SIGHUP (systemctl reload, a certbot deploy hook) by a real `serve` from PEM
/// files: new handshakes get it, sessions opened before keep going, and a broken file keeps the old one.
/// </summary>
public sealed class CertificateReloadTests : IDisposable
{
    private readonly string _tls = Directory.CreateTempSubdirectory("mizugiwa-tls-").FullName;

    public void Dispose() => Directory.Delete(_tls, recursive: true);

    private string CertificateFile => Path.Combine(_tls, "fullchain.pem");
    private string KeyFile => Path.Combine(_tls, "privkey.pem");

    private void WriteCertificate(string commonName)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(90));
        File.WriteAllText(CertificateFile, certificate.ExportCertificatePem());
        File.WriteAllText(KeyFile, key.ExportPkcs8PrivateKeyPem());
    }

    private static async Task<(SslStream Tls, TcpClient Tcp)> HandshakeAsync(ServerProcess server)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Address, server.ImapsPort);
        // Self-signed test certificates: trusted when they are one of this test's (by name), whatever their chain.
        var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) => certificate?.Subject.EndsWith(".example.test", StringComparison.Ordinal) == true);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "mx.example.test" }).WaitAsync(TimeSpan.FromSeconds(10));
        return (tls, tcp);
    }

    private static async Task<string> OfferedSubjectAsync(ServerProcess server)
    {
        var (tls, tcp) = await HandshakeAsync(server);
        using (tcp)
        await using (tls)
            return tls.RemoteCertificate!.Subject;
    }

    private static async Task HangUpAsync(ServerProcess server)
    {
        var kill = await ExternalProcess.RunAsync("kill", ["-HUP", server.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)], timeout: TimeSpan.FromSeconds(10));
        Assert.Equal(0, kill.ExitCode);
    }

    private static async Task<string> ReadLineAsync(StreamReader reader) =>
        await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)) ?? throw new EndOfStreamException("the IMAP session ended");

    [Fact]
    public async Task Sighup_takes_the_renewed_certificate_for_new_handshakes_keeps_open_sessions_and_survives_a_broken_file()
    {
        WriteCertificate("first.example.test");
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Tls__CertificatePath"] = CertificateFile,
            ["Tls__KeyPath"] = KeyFile,
        }, provision: false);
        Assert.Equal("CN=first.example.test", await OfferedSubjectAsync(server));

        var (open, openTcp) = await HandshakeAsync(server);
        using var _ = openTcp;
        await using var __ = open;
        var reader = new StreamReader(open, Encoding.ASCII);
        Assert.StartsWith("* OK", await ReadLineAsync(reader));

        WriteCertificate("second.example.test");
        await HangUpAsync(server);
        await Poll.UntilAsync(() => server.Output.Contains("tls: certificate reloaded", StringComparison.Ordinal), TimeSpan.FromSeconds(20), $"no reload logged:\n{server.Output}");
        Assert.Equal("CN=second.example.test", await OfferedSubjectAsync(server));

        // The session from before the reload goes on.
        await open.WriteAsync(Encoding.ASCII.GetBytes("a1 NOOP\r\n"));
        Assert.Equal("a1 OK NOOP completed", await ReadLineAsync(reader));

        File.WriteAllText(KeyFile, "not a key\n");
        await HangUpAsync(server);
        await Poll.UntilAsync(() => server.Output.Contains("failed, keeping the one in use", StringComparison.Ordinal), TimeSpan.FromSeconds(20), $"no failure logged:\n{server.Output}");
        Assert.Equal("CN=second.example.test", await OfferedSubjectAsync(server));
        Assert.False(server.HasExited);
    }
}
