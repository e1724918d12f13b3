using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Mizugiwa.Core;
using Mizugiwa.Delivery.Outbound;
using Mizugiwa.Delivery.Outbound.MtaSts;

namespace Mizugiwa.Delivery.Tests.Outbound.MtaSts;

/// <summary>
/// MailKitTransport to an MX under an MTA-STS policy, against a scripted SMTP server on loopback that does real STARTTLS
/// with a certificate from a test CA: enforce delivers only over TLS with a certificate valid for the MX name, else
/// defers 4.7.5 without sending MAIL; testing delivers anyway.
/// </summary>
public sealed class MtaStsTransportTests : IAsyncDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly TestCertificateAuthority _ca = new();
    private readonly ScriptedSmtpServer _server = new("mx.remote.test");

    /// <summary>The certificate the server presents after STARTTLS; null = no STARTTLS offered.</summary>
    private X509Certificate2? ServerCertificate { get; set; }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        ServerCertificate?.Dispose();
        _ca.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task Enforce_delivers_over_TLS_with_a_certificate_valid_for_the_MX_name()
    {
        ServerCertificate = _ca.Issue("mx.remote.test");
        var result = await SendAsync(MtaStsMode.Enforce);
        Assert.Equal(RecipientOutcome.Delivered, result.Outcome);
        Assert.Contains("MAIL FROM:<alice@example.test>", _server.Commands);
    }

    [Fact]
    public async Task Enforce_accepts_a_wildcard_certificate_for_one_label()
    {
        ServerCertificate = _ca.Issue("*.remote.test");
        Assert.Equal(RecipientOutcome.Delivered, (await SendAsync(MtaStsMode.Enforce)).Outcome);
    }

    [Fact]
    public async Task Enforce_defers_4_7_5_when_the_certificate_names_another_host()
    {
        ServerCertificate = _ca.Issue("other.remote.test");
        var result = await SendAsync(MtaStsMode.Enforce);
        Assert.Equal((RecipientOutcome.Deferred, "4.7.5"), (result.Outcome, result.Status));
        Assert.Contains("MTA-STS", result.Diagnostic);
        Assert.Contains("name does not match", result.Diagnostic);
        Assert.DoesNotContain(_server.Commands, c => c.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Enforce_defers_4_7_5_when_the_certificate_comes_from_an_untrusted_CA()
    {
        using var stranger = new TestCertificateAuthority("Someone Else");
        ServerCertificate = stranger.Issue("mx.remote.test");
        var result = await SendAsync(MtaStsMode.Enforce);
        Assert.Equal((RecipientOutcome.Deferred, "4.7.5"), (result.Outcome, result.Status));
        Assert.Contains("untrusted chain", result.Diagnostic);
        Assert.DoesNotContain(_server.Commands, c => c.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Enforce_defers_4_7_5_without_STARTTLS_and_sends_nothing_in_clear()
    {
        ServerCertificate = null;
        var result = await SendAsync(MtaStsMode.Enforce);
        Assert.Equal((RecipientOutcome.Deferred, "4.7.5"), (result.Outcome, result.Status));
        Assert.Contains("offers no STARTTLS", result.Diagnostic);
        Assert.DoesNotContain(_server.Commands, c => c.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Testing_delivers_despite_a_bad_certificate()
    {
        ServerCertificate = _ca.Issue("other.remote.test");
        Assert.Equal(RecipientOutcome.Delivered, (await SendAsync(MtaStsMode.Testing)).Outcome);
    }

    private async Task<RecipientResult> SendAsync(MtaStsMode mode)
    {
        _server.Certificate = ServerCertificate;
        _server.Extensions = ServerCertificate is null ? ["PIPELINING"] : ["STARTTLS", "PIPELINING"];
        _server.Start();
        var options = new OutboundOptions { HostName = "mx.example.test", ConnectTimeout = TimeSpan.FromSeconds(10), CommandTimeout = TimeSpan.FromSeconds(10) };
        await using var transport = new MailKitTransport(options, null, NullLogger.Instance, Messages.Clock(), new MtaStsCertificateCheck(_ca.Root));
        var path = Path.Combine(_temp.Path, "m");
        const string content = "Subject: sts\r\n\r\nHello.\r\n";
        await File.WriteAllTextAsync(path, content);
        var envelope = new MessageEnvelope { QueueId = "sts", ReceivedAt = DateTimeOffset.UnixEpoch, ClientAddress = "127.0.0.1", Sender = "alice@example.test" };
        var recipient = new EnvelopeRecipient { Address = "bob@remote.test", Mailbox = "bob@remote.test", Route = Routes.Mx };
        var host = new OutboundHost("mx.remote.test", IPAddress.Loopback, _server.Port, MtaSts: mode);
        var result = await transport.SendAsync(host, new OutboundMessage(envelope, path, content.Length), [recipient], CancellationToken.None).WaitAsync(Messages.Timeout);
        return result.Recipients is { } r ? r[0] : result.SessionFailure!;
    }
}
