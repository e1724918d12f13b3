using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Mizugiwa.Policy.Tests.Flow;
using Mizugiwa.Smtp;
using Mizugiwa.Smtp.Sasl;

namespace Mizugiwa.Imap.Tests.Support;

/// <summary>Runs IMAP sessions on a real loopback socket over a <see cref="TestMaildir"/>; alice's password is "secret".</summary>
internal sealed class ImapTestServer : IAsyncDisposable
{
    private static readonly Lazy<X509Certificate2> Certificate = new(CreateCertificate);
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;

    public ImapTestServer(TestMaildir maildir, bool implicitTls = true, SmtpAuthOptions? auth = null, TimeSpan? idlePoll = null, TimeSpan? idleTimeout = null,
        Mizugiwa.Core.IMailboxSpace? space = null, Microsoft.Extensions.Logging.ILogger? logger = null, IJunkReports? junkReports = null)
    {
        var options = new ImapSessionOptions
        {
            ImplicitTls = implicitTls,
            Certificate = new ServerCertificate(Certificate.Value),
            MailRoot = maildir.Root,
            MaxLineLength = 1024,
            MaxAppendSize = 100_000,
            MaxSmallLiteral = 1000,
            IdlePollInterval = idlePoll ?? TimeSpan.FromMilliseconds(100),
            IdleTimeout = idleTimeout ?? TimeSpan.FromMinutes(30),
        };
        var authOptions = auth ?? new SmtpAuthOptions { FailureDelayStep = TimeSpan.FromMilliseconds(10) };
        Auth = new SmtpAuthServices(new Verifier(), new InMemoryStateStore(TimeProvider.System), authOptions, TimeProvider.System);
        Services = new ImapServices(options, Auth, TimeProvider.System, logger ?? NullLogger.Instance, _stop.Token, _stopping.Token) { Space = space, JunkReports = junkReports };
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public SmtpAuthServices Auth { get; }
    public ImapServices Services { get; }
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            _ = Task.Run(async () =>
            {
                using (client)
                await using (var stream = client.GetStream())
                    await ImapSession.RunAsync(stream, ((IPEndPoint)client.Client.RemoteEndPoint!).Address, Guid.NewGuid().ToString("N")[..8], Services);
            });
        }
    }

    /// <summary>What the host's ApplicationStopping does: sessions waiting for their client end.</summary>
    public Task BeginStoppingAsync() => _stopping.CancelAsync();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
        _stopping.Dispose();
        Auth.Dispose();
    }

    private sealed class Verifier : ICredentialVerifier
    {
        public ValueTask<string?> VerifyPasswordAsync(string user, string password, CancellationToken cancellationToken) =>
            ValueTask.FromResult(user.Equals(TestMaildir.User, StringComparison.OrdinalIgnoreCase) && password == "secret" ? TestMaildir.User : null);

        public ValueTask<ScramCredentials?> GetScramCredentialsAsync(string user, CancellationToken cancellationToken) => ValueTask.FromResult<ScramCredentials?>(null);
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=imap.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
