using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Mizugiwa.Core;
using Mizugiwa.Delivery.Outbound;

namespace Mizugiwa.Delivery.Tests.Gateway;

/// <summary>The LMTP client (RFC 2033) against a scripted LMTP server on loopback; every wait is bounded.</summary>
public sealed class LmtpTransportTests : IDisposable
{
    private static readonly OutboundOptions Options = new()
    {
        HostName = "gw.example.test",
        ConnectTimeout = TimeSpan.FromSeconds(10),
        CommandTimeout = TimeSpan.FromSeconds(10),
    };

    private static readonly OutboundOptions Impatient = Options with { CommandTimeout = TimeSpan.FromSeconds(1) };

    private readonly TempDirectory _temp = new();
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public LmtpTransportTests() => _listener.Start();

    public void Dispose()
    {
        _listener.Stop();
        _temp.Dispose();
    }

    private OutboundHost Host => new("backend", IPAddress.Loopback, ((IPEndPoint)_listener.LocalEndpoint).Port, Lmtp: true);

    private OutboundMessage Message(string content)
    {
        var path = Path.Combine(_temp.Path, "message");
        File.WriteAllText(path, content + "TRAILER-NOT-SENT");
        var envelope = new MessageEnvelope { QueueId = "Q1", ReceivedAt = DateTimeOffset.UnixEpoch, ClientAddress = "127.0.0.1", Sender = "s@remote.test" };
        return new OutboundMessage(envelope, path, Encoding.UTF8.GetByteCount(content));
    }

    private static EnvelopeRecipient To(string address) => new() { Address = address, Mailbox = address, Route = "lmtp:127.0.0.1:24" };

    /// <summary>Serves one LMTP session; RCPT answers from <paramref name="rcpt"/>, after DATA one reply per accepted recipient from <paramref name="final"/>.</summary>
    private async Task<(List<string> Commands, string Data)> ServeAsync(Func<string, string> rcpt, Func<string, string> final)
    {
        var commands = new List<string>();
        var data = new StringBuilder();
        var accepted = new List<string>();
        using var client = await _listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.UTF8, false);
        async Task Say(string text) => await stream.WriteAsync(Encoding.UTF8.GetBytes(text + "\r\n"));
        await Say("220 backend LMTP ready");
        while (await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)) is { } line)
        {
            commands.Add(line);
            var verb = line.Split(' ', ':')[0].ToUpperInvariant();
            switch (verb)
            {
                case "LHLO": await Say("250-backend\r\n250-PIPELINING\r\n250 8BITMIME"); break;
                case "RCPT":
                    var address = line[(line.IndexOf('<') + 1)..line.IndexOf('>')];
                    var reply = rcpt(address);
                    if (reply.StartsWith('2')) accepted.Add(address);
                    await Say(reply);
                    break;
                case "DATA":
                    await Say("354 go ahead");
                    while (await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)) is { } body && body != ".") data.Append(body).Append('\n');
                    foreach (var a in accepted) await Say(final(a));
                    break;
                case "QUIT": await Say("221 bye"); return (commands, data.ToString());
                default: await Say("250 2.0.0 ok"); break;
            }
        }
        return (commands, data.ToString());
    }

    [Fact]
    public async Task Each_accepted_recipient_gets_its_own_reply_after_DATA()
    {
        var server = ServeAsync(
            a => a.StartsWith("nobody", StringComparison.Ordinal) ? "550 5.1.1 no such user" : "250 2.1.5 ok",
            a => a.StartsWith("full", StringComparison.Ordinal) ? "452 4.2.2 mailbox full" : "250 2.0.0 delivered");
        var recipients = new[] { To("alice@backend.test"), To("nobody@backend.test"), To("full@backend.test") };
        var result = await new LmtpTransport(Options, NullLogger.Instance)
            .SendAsync(Host, Message("Subject: hi\r\n\r\n.leading dot\r\nend"), recipients, CancellationToken.None);
        var (commands, data) = await server;

        Assert.Null(result.SessionFailure);
        var r = result.Recipients!;
        Assert.Equal(RecipientOutcome.Delivered, r[0].Outcome);
        Assert.Equal((RecipientOutcome.Failed, "5.1.1"), (r[1].Outcome, r[1].Status));
        Assert.Equal((RecipientOutcome.Deferred, "4.2.2"), (r[2].Outcome, r[2].Status));
        Assert.Equal("452 4.2.2 mailbox full", r[2].Diagnostic);
        Assert.Equal(["LHLO gw.example.test", "MAIL FROM:<s@remote.test>", "RCPT TO:<alice@backend.test>", "RCPT TO:<nobody@backend.test>",
            "RCPT TO:<full@backend.test>", "DATA", "QUIT"], commands);
        // dot-stuffed on the wire, a final CRLF added, the queue file's trailer not sent
        Assert.Equal("Subject: hi\n\n..leading dot\nend\n", data);
    }

    [Fact]
    public async Task A_line_over_998_octets_is_re_encoded_and_arrives_whole()
    {
        var html = "<p>" + string.Concat(Enumerable.Repeat("long newsletter line ", 400)) + "</p>";
        var server = ServeAsync(_ => "250 2.1.5 ok", _ => "250 2.0.0 delivered");
        var result = await new LmtpTransport(Options, NullLogger.Instance).SendAsync(Host,
            Message($"From: s@remote.test\r\nSubject: wide\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}\r\n"),
            [To("alice@backend.test")], CancellationToken.None);
        var (_, data) = await server;

        Assert.Equal(RecipientOutcome.Delivered, Assert.Single(result.Recipients!).Outcome);
        Assert.All(data.Split('\n'), line => Assert.True(line.Length <= 998, $"a line of {line.Length} octets was sent"));
        var received = MimeKit.MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(data.Replace("\n", "\r\n", StringComparison.Ordinal))));
        Assert.Equal("wide", received.Subject);
        Assert.Equal(html, received.HtmlBody?.TrimEnd('\r', '\n'));
    }

    [Fact]
    public async Task No_accepted_recipient_means_no_DATA()
    {
        var server = ServeAsync(_ => "550 5.1.1 no such user", _ => "250 ok");
        var result = await new LmtpTransport(Options, NullLogger.Instance)
            .SendAsync(Host, Message("Subject: x\r\n\r\nbody\r\n"), [To("nobody@backend.test")], CancellationToken.None);
        var (commands, _) = await server;
        Assert.Equal(RecipientOutcome.Failed, Assert.Single(result.Recipients!).Outcome);
        Assert.DoesNotContain("DATA", commands);
    }

    [Fact]
    public async Task A_closed_port_is_a_session_failure_to_retry()
    {
        _listener.Stop();
        var result = await new LmtpTransport(Options, NullLogger.Instance)
            .SendAsync(Host, Message("Subject: x\r\n\r\nbody\r\n"), [To("alice@backend.test")], CancellationToken.None);
        Assert.Null(result.Recipients);
        Assert.Equal(RecipientOutcome.Deferred, result.SessionFailure!.Outcome);
    }

    [Fact]
    public async Task A_silent_server_is_a_bounded_session_failure()
    {
        var accept = _listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await new LmtpTransport(Impatient, NullLogger.Instance)
            .SendAsync(Host, Message("Subject: x\r\n\r\nbody\r\n"), [To("alice@backend.test")], CancellationToken.None);
        using var silent = await accept;
        Assert.Equal(RecipientOutcome.Deferred, result.SessionFailure!.Outcome);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), clock.Elapsed.ToString());
    }

    [Fact]
    public async Task Lmtp_routes_are_planned_as_lmtp_hosts()
    {
        var plan = await new MxPlanner(new NoDns(), 25).PlanAsync("lmtp:127.0.0.1:2424", CancellationToken.None);
        var host = Assert.Single(plan.Hosts);
        Assert.True(host.Lmtp);
        Assert.Equal(2424, host.Port);
        var smtp = await new MxPlanner(new NoDns(), 25).PlanAsync("smtp:127.0.0.1:2525", CancellationToken.None);
        Assert.False(Assert.Single(smtp.Hosts).Lmtp);
    }

    private sealed class NoDns : IMxResolver
    {
        public Task<Lookup<MxRecord>> LookupMxAsync(string domain, CancellationToken cancellationToken) => throw new InvalidOperationException("no DNS here");
        public Task<Lookup<IPAddress>> LookupAddressesAsync(string host, CancellationToken cancellationToken) => throw new InvalidOperationException("no DNS here");
    }
}
