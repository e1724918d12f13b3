using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Mizugiwa.Core;
using Mizugiwa.Delivery.Outbound;

namespace Mizugiwa.Delivery.Tests.Outbound;

/// <summary>MailKitTransport's idle connection pool against a scripted SMTP server on loopback that counts connections; every wait is bounded.</summary>
public sealed class ConnectionReuseTests : IAsyncDisposable
{
    private static readonly OutboundOptions Options = new()
    {
        HostName = "mx.example.test",
        ConnectTimeout = TimeSpan.FromSeconds(10),
        CommandTimeout = TimeSpan.FromSeconds(10),
    };

    private readonly TempDirectory _temp = new();
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _time = Messages.Clock();
    private readonly MailKitTransport _transport;
    private readonly Task _server;

    public ConnectionReuseTests()
    {
        _listener.Start();
        _server = AcceptAsync();
        _transport = new MailKitTransport(Options, null, NullLogger.Instance, _time);
    }

    /// <summary>The commands of each connection, in the order they were accepted.</summary>
    private ConcurrentQueue<Session> Sessions { get; } = new();

    /// <summary>When set, the server drops each connection without a word after its first delivered message.</summary>
    private bool DropAfterMessage { get; set; }

    private OutboundHost Host => new("mx.remote.test", IPAddress.Loopback, ((IPEndPoint)_listener.LocalEndpoint).Port);

    public async ValueTask DisposeAsync()
    {
        await _transport.DisposeAsync();
        await _stop.CancelAsync();
        _listener.Stop();
        await _server.WaitAsync(Messages.Timeout);
        _stop.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task Two_messages_to_the_same_host_share_one_connection_closed_with_QUIT_on_dispose()
    {
        Assert.Equal(RecipientOutcome.Delivered, await SendAsync("one"));
        Assert.Equal(RecipientOutcome.Delivered, await SendAsync("two"));

        var session = Assert.Single(Sessions);
        await _transport.DisposeAsync();
        await session.Ended.Task.WaitAsync(Messages.Timeout);
        Assert.Equal(["EHLO", "MAIL", "RCPT", "DATA", "NOOP", "MAIL", "RCPT", "DATA", "QUIT"], session.Verbs);
    }

    [Fact]
    public async Task A_broken_pooled_connection_falls_back_to_a_fresh_one()
    {
        DropAfterMessage = true;
        Assert.Equal(RecipientOutcome.Delivered, await SendAsync("one"));
        Assert.Equal(RecipientOutcome.Delivered, await SendAsync("two"));

        Assert.Equal(2, Sessions.Count);
        Assert.Equal(["EHLO", "MAIL", "RCPT", "DATA"], Sessions.Last().Verbs);
    }

    [Fact]
    public async Task A_connection_idle_past_the_timeout_is_closed_not_reused()
    {
        Assert.Equal(RecipientOutcome.Delivered, await SendAsync("one"));
        _time.Advance(MailKitTransport.IdleTimeout + TimeSpan.FromSeconds(1));
        Assert.Equal(RecipientOutcome.Delivered, await SendAsync("two"));

        Assert.Equal(2, Sessions.Count);
        var first = Sessions.First();
        await first.Ended.Task.WaitAsync(Messages.Timeout);
        Assert.Equal(["EHLO", "MAIL", "RCPT", "DATA", "QUIT"], first.Verbs);
    }

    private async Task<RecipientOutcome> SendAsync(string token)
    {
        var path = Path.Combine(_temp.Path, token);
        var content = $"Subject: {token}\r\n\r\nHello {token}.\r\n";
        await File.WriteAllTextAsync(path, content);
        var envelope = new MessageEnvelope { QueueId = token, ReceivedAt = DateTimeOffset.UnixEpoch, ClientAddress = "127.0.0.1", Sender = "alice@example.test" };
        var recipient = new EnvelopeRecipient { Address = "bob@remote.test", Mailbox = "bob@remote.test", Route = Routes.Mx };
        var result = await _transport.SendAsync(Host, new OutboundMessage(envelope, path, content.Length), [recipient], CancellationToken.None)
            .WaitAsync(Messages.Timeout);
        return (result.Recipients is { } r ? r[0] : result.SessionFailure!).Outcome;
    }

    private sealed class Session
    {
        public ConcurrentQueue<string> Commands { get; } = new();
        public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public string[] Verbs => [.. Commands.Select(c => c.Split(' ', ':')[0].ToUpperInvariant())];
    }

    private async Task AcceptAsync()
    {
        var running = new List<Task>();
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var session = new Session();
                Sessions.Enqueue(session);
                running.Add(ServeAsync(client, session));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }
        await Task.WhenAll(running);
    }

    /// <summary>One SMTP session: 250 to everything, 354 to DATA, 221 to QUIT.</summary>
    private async Task ServeAsync(TcpClient client, Session session)
    {
        try
        {
            using (client)
            await using (var stream = client.GetStream())
            using (var reader = new StreamReader(stream, Encoding.ASCII, false))
            {
                async Task Say(string text) => await stream.WriteAsync(Encoding.ASCII.GetBytes(text + "\r\n"), _stop.Token);
                await Say("220 mx.remote.test ESMTP");
                while (await reader.ReadLineAsync(_stop.Token).AsTask().WaitAsync(Messages.Timeout) is { } line)
                {
                    session.Commands.Enqueue(line);
                    switch (line.Split(' ', ':')[0].ToUpperInvariant())
                    {
                        case "EHLO": await Say("250-mx.remote.test\r\n250 PIPELINING"); break;
                        case "DATA":
                            await Say("354 go ahead");
                            while (await reader.ReadLineAsync(_stop.Token).AsTask().WaitAsync(Messages.Timeout) is { } body && body != ".") { }
                            await Say("250 2.0.0 queued");
                            if (DropAfterMessage) return;
                            break;
                        case "QUIT": await Say("221 2.0.0 bye"); return;
                        default: await Say("250 2.0.0 ok"); break;
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or TimeoutException or ObjectDisposedException)
        {
            // the client went away, or the test is over
        }
        finally
        {
            session.Ended.TrySetResult();
        }
    }
}
