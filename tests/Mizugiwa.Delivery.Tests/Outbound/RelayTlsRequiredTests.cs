using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Mizugiwa.Core;
using Mizugiwa.Delivery.Outbound;

namespace Mizugiwa.Delivery.Tests.Outbound;

/// <summary>
/// MailKitTransport to a relay host with a user, against a scripted SMTP server on loopback that offers AUTH
/// but no working TLS: the message is deferred (4.7.0), and neither AUTH nor the message is ever sent in clear.
/// </summary>
public sealed class RelayTlsRequiredTests : IAsyncDisposable
{
    private readonly TempDirectory _temp = new();
    // No certificate: a STARTTLS among the extensions is answered 454.
    private readonly ScriptedSmtpServer _server = new("relay.test") { Extensions = ["AUTH PLAIN LOGIN", "PIPELINING"] };

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task A_relay_without_STARTTLS_defers_and_never_sees_the_password()
    {
        var result = await SendAsync(user: "site");
        Assert.Equal((RecipientOutcome.Deferred, "4.7.0"), (result.Outcome, result.Status));
        Assert.Contains("offers no STARTTLS", result.Diagnostic);
        Assert.DoesNotContain(_server.Commands, c => c.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase) || c.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_relay_that_refuses_STARTTLS_defers_without_a_plain_text_retry()
    {
        _server.Extensions = ["STARTTLS", "AUTH PLAIN LOGIN"];
        var result = await SendAsync(user: "site");
        Assert.Equal((RecipientOutcome.Deferred, "4.7.0"), (result.Outcome, result.Status));
        Assert.Equal(1, _server.Commands.Count(c => c.StartsWith("EHLO", StringComparison.OrdinalIgnoreCase))); // one connection, no second try
        Assert.DoesNotContain(_server.Commands, c => c.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase) || c.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_relay_without_a_user_is_used_like_an_MX_without_AUTH()
    {
        var result = await SendAsync(user: null);
        Assert.Equal(RecipientOutcome.Delivered, result.Outcome);
        Assert.DoesNotContain(_server.Commands, c => c.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase));
    }

    private async Task<RecipientResult> SendAsync(string? user)
    {
        _server.Start();
        var relay = new SmtpRelay("127.0.0.1", _server.Port, LookUpMx: false) { User = user, Password = user is null ? null : "pw" };
        var options = new OutboundOptions { HostName = "mx.example.test", ConnectTimeout = TimeSpan.FromSeconds(10), CommandTimeout = TimeSpan.FromSeconds(10), Relay = relay };
        await using var transport = new MailKitTransport(options, null, NullLogger.Instance, Messages.Clock());
        var path = Path.Combine(_temp.Path, "m");
        const string content = "Subject: relay\r\n\r\nHello.\r\n";
        await File.WriteAllTextAsync(path, content);
        var envelope = new MessageEnvelope { QueueId = "relay", ReceivedAt = DateTimeOffset.UnixEpoch, ClientAddress = "127.0.0.1", Sender = "alice@example.test" };
        var recipient = new EnvelopeRecipient { Address = "bob@remote.test", Mailbox = "bob@remote.test", Route = Routes.Mx };
        var host = new OutboundHost("127.0.0.1", IPAddress.Loopback, _server.Port, Relay: true);
        var result = await transport.SendAsync(host, new OutboundMessage(envelope, path, content.Length), [recipient], CancellationToken.None).WaitAsync(Messages.Timeout);
        return result.Recipients is { } r ? r[0] : result.SessionFailure!;
    }
}
