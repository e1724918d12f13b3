using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
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
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _commands = new();
    private Task? _server;

    /// <summary>The EHLO reply's extension lines; "STARTTLS" among them makes the server answer STARTTLS with 454.</summary>
    private string[] Extensions { get; set; } = ["AUTH PLAIN LOGIN", "PIPELINING"];

    private int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        if (_server is not null) await _server.WaitAsync(Messages.Timeout);
        _stop.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task A_relay_without_STARTTLS_defers_and_never_sees_the_password()
    {
        var result = await SendAsync(user: "site");
        Assert.Equal((RecipientOutcome.Deferred, "4.7.0"), (result.Outcome, result.Status));
        Assert.Contains("offers no STARTTLS", result.Diagnostic);
        Assert.DoesNotContain(_commands, c => c.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase) || c.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_relay_that_refuses_STARTTLS_defers_without_a_plain_text_retry()
    {
        Extensions = ["STARTTLS", "AUTH PLAIN LOGIN"];
        var result = await SendAsync(user: "site");
        Assert.Equal((RecipientOutcome.Deferred, "4.7.0"), (result.Outcome, result.Status));
        Assert.Equal(1, _commands.Count(c => c.StartsWith("EHLO", StringComparison.OrdinalIgnoreCase))); // one connection, no second try
        Assert.DoesNotContain(_commands, c => c.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase) || c.StartsWith("MAIL", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_relay_without_a_user_is_used_like_an_MX_without_AUTH()
    {
        var result = await SendAsync(user: null);
        Assert.Equal(RecipientOutcome.Delivered, result.Outcome);
        Assert.DoesNotContain(_commands, c => c.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase));
    }

    private async Task<RecipientResult> SendAsync(string? user)
    {
        _listener.Start();
        _server = ServeAsync();
        var relay = new SmtpRelay("127.0.0.1", Port, LookUpMx: false) { User = user, Password = user is null ? null : "pw" };
        var options = new OutboundOptions { HostName = "mx.example.test", ConnectTimeout = TimeSpan.FromSeconds(10), CommandTimeout = TimeSpan.FromSeconds(10), Relay = relay };
        await using var transport = new MailKitTransport(options, null, NullLogger.Instance, Messages.Clock());
        var path = Path.Combine(_temp.Path, "m");
        const string content = "Subject: relay\r\n\r\nHello.\r\n";
        await File.WriteAllTextAsync(path, content);
        var envelope = new MessageEnvelope { QueueId = "relay", ReceivedAt = DateTimeOffset.UnixEpoch, ClientAddress = "127.0.0.1", Sender = "alice@example.test" };
        var recipient = new EnvelopeRecipient { Address = "bob@remote.test", Mailbox = "bob@remote.test", Route = Routes.Mx };
        var host = new OutboundHost("127.0.0.1", IPAddress.Loopback, Port, Relay: true);
        var result = await transport.SendAsync(host, new OutboundMessage(envelope, path, content.Length), [recipient], CancellationToken.None).WaitAsync(Messages.Timeout);
        return result.Recipients is { } r ? r[0] : result.SessionFailure!;
    }

    /// <summary>Serves connections one after the other: 454 to STARTTLS, 250 to everything else, until the test ends.</summary>
    private async Task ServeAsync()
    {
        try
        {
            while (true)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                await using var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII, false);
                async Task Say(string text) => await stream.WriteAsync(Encoding.ASCII.GetBytes(text + "\r\n"), _stop.Token);
                await Say("220 relay.test ESMTP");
                while (await reader.ReadLineAsync(_stop.Token).AsTask().WaitAsync(Messages.Timeout) is { } line)
                {
                    _commands.Enqueue(line);
                    var verb = line.Split(' ', ':')[0].ToUpperInvariant();
                    if (verb == "QUIT") { await Say("221 bye"); break; }
                    if (verb == "EHLO") await Say(string.Join("\r\n", ["250-relay.test", .. Extensions.SkipLast(1).Select(e => "250-" + e), "250 " + Extensions[^1]]));
                    else if (verb == "STARTTLS") await Say("454 4.7.0 TLS not available");
                    else if (verb == "DATA")
                    {
                        await Say("354 go ahead");
                        while (await reader.ReadLineAsync(_stop.Token).AsTask().WaitAsync(Messages.Timeout) is { } body && body != ".") { }
                        await Say("250 2.0.0 queued");
                    }
                    else await Say("250 2.0.0 ok");
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or TimeoutException or ObjectDisposedException or SocketException)
        {
            // the client went away, or the test is over
        }
    }
}
