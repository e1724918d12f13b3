using Mizugiwa.Core;
using Mizugiwa.Delivery.Outbound;

namespace Mizugiwa.Delivery.Tests.Outbound;

public sealed class RetryAndExpiryTests : IAsyncLifetime
{
    private readonly OutboundHarness _h = new();

    public async Task InitializeAsync() => await _h.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private void DeferEverything() => _h.Transport.Handler = (host, rcpts) => FakeTransport.Reply(rcpts, 451, "4.3.2 try again later", host.Name);

    [Fact]
    public async Task Relays_to_the_MX_and_empties_the_queue()
    {
        await _h.CommitAsync("relayed", "alice@example.test", [OutboundHarness.Remote("bob@remote.test"), OutboundHarness.Remote("carol@remote.test")]);
        await _h.IdleAsync();

        var call = Assert.Single(_h.Transport.Calls); // one transaction for both recipients of the domain
        Assert.Equal("mx.remote.test", call.Host.Name);
        Assert.Equal(2525, call.Host.Port);
        Assert.Equal(["bob@remote.test", "carol@remote.test"], call.Recipients.Select(r => r.Mailbox));
        Assert.Equal(OutboundHarness.Content("relayed"), call.Content);
        Assert.Empty(_h.QueueFiles());
        Assert.Empty(_h.Mailbox("example.test/alice")); // no success notice without NOTIFY=SUCCESS
    }

    [Fact]
    public async Task Deferred_recipients_are_retried_on_a_doubling_schedule_capped_at_an_hour()
    {
        DeferEverything();
        await _h.CommitAsync("retry", "alice@example.test", [OutboundHarness.Remote("bob@remote.test")]);
        await _h.IdleAsync();
        await _h.AdvanceAsync(TimeSpan.FromHours(4), TimeSpan.FromMinutes(1));

        var start = Messages.Clock().GetUtcNow();
        var offsets = _h.Transport.Calls.Select(c => (c.At - start).TotalMinutes).ToList();
        // 0, +5, +10, +20, +40, +60 (capped), +60 ...
        Assert.Equal([0, 5, 15, 35, 75, 135, 195], offsets.Take(7));
        Assert.Equal(1, _h.Manager.PendingCount);
    }

    [Fact]
    public async Task A_recipient_deferred_past_the_maximum_age_bounces_with_4_4_7()
    {
        DeferEverything();
        string id = await _h.CommitAsync("expire", "alice@example.test", [OutboundHarness.Remote("bob@remote.test")], envId: "env+2Bid");
        await _h.IdleAsync();
        await _h.AdvanceAsync(TimeSpan.FromDays(5) + TimeSpan.FromHours(1), TimeSpan.FromHours(1));

        Assert.Equal(0, _h.Manager.PendingCount);
        Assert.Empty(_h.QueueFiles());
        var dsns = _h.Mailbox("example.test/alice");
        // the delay notice after 4 hours, then the failure
        Assert.Equal(["Delayed Mail (still being retried)", "Undelivered Mail Returned to Sender"], dsns.Select(m => m.Subject));
        var failure = new DsnReader(dsns[1]);
        var bob = failure.For("bob@remote.test");
        Assert.Equal("failed", bob["Action"]);
        Assert.Equal("4.4.7", bob["Status"]);
        Assert.Contains("451 4.3.2 try again later", bob["Diagnostic-Code"]);
        Assert.Equal("env+id", failure.PerMessage["Original-Envelope-Id"]);
        Assert.Contains(id, failure.Text);
    }

    [Fact]
    public async Task A_delay_notice_is_sent_once_after_four_hours_when_NOTIFY_allows_it()
    {
        DeferEverything();
        await _h.CommitAsync("delay", "alice@example.test",
        [
            OutboundHarness.Remote("bob@remote.test"),
            OutboundHarness.Remote("carol@remote.test", DsnNotify.Failure),
            OutboundHarness.Remote("dave@remote.test", DsnNotify.Delay | DsnNotify.Failure),
        ]);
        await _h.IdleAsync();
        await _h.AdvanceAsync(TimeSpan.FromHours(3.5), TimeSpan.FromMinutes(5));
        Assert.Empty(_h.Mailbox("example.test/alice"));
        await _h.AdvanceAsync(TimeSpan.FromHours(5), TimeSpan.FromMinutes(5));

        var notice = new DsnReader(Assert.Single(_h.Mailbox("example.test/alice")));
        Assert.Equal(["rfc822; bob@remote.test", "rfc822; dave@remote.test"], notice.PerRecipient.Select(g => g["Final-Recipient"]));
        Assert.All(notice.PerRecipient, g => Assert.Equal("delayed", g["Action"]));
        Assert.All(notice.PerRecipient, g => Assert.Equal("4.3.2", g["Status"]));
        Assert.All(notice.PerRecipient, g => Assert.NotNull(g["Will-Retry-Until"]));
        Assert.IsType<MimeKit.TextRfc822Headers>(notice.Returned); // delay notices return the header only
    }

    [Fact]
    public async Task A_connection_failure_on_the_first_MX_falls_back_to_the_next()
    {
        _h.Dns.WithMx("remote.test", 20, "mx2.remote.test", "127.0.0.4");
        _h.Transport.Handler = (host, rcpts) => host.Name == "mx.remote.test"
            ? TransportResult.Session(RecipientResult.Deferred("4.4.1", "connection refused", host.Name))
            : FakeTransport.Reply(rcpts, 250, "2.0.0 Ok", host.Name);
        await _h.CommitAsync("fallback", "alice@example.test", [OutboundHarness.Remote("bob@remote.test")]);
        await _h.IdleAsync();

        Assert.Equal(["mx.remote.test", "mx2.remote.test"], _h.Transport.Calls.Select(c => c.Host.Name));
        Assert.Empty(_h.QueueFiles());
    }

    [Fact]
    public async Task Null_MX_bounces_at_once_without_a_connection()
    {
        _h.Dns.WithMx("nomail.test", 0, "");
        await _h.CommitAsync("nullmx", "alice@example.test", [OutboundHarness.Remote("x@nomail.test")]);
        await _h.IdleAsync();
        await _h.IdleAsync();

        Assert.Empty(_h.Transport.Calls);
        var dsn = new DsnReader(Assert.Single(_h.Mailbox("example.test/alice")));
        Assert.Equal("5.1.10", dsn.For("x@nomail.test")["Status"]);
        Assert.Empty(_h.QueueFiles());
    }

    [Fact]
    public async Task Only_the_deferred_recipient_is_retried_and_a_flush_retries_it_at_once()
    {
        _h.Transport.Handler = (host, rcpts) => TransportResult.PerRecipient([.. rcpts.Select(r => r.Mailbox.StartsWith("busy", StringComparison.Ordinal)
            ? RecipientResult.FromReply(452, "4.2.2 mailbox full", host.Name)
            : RecipientResult.FromReply(250, "2.0.0 Ok", host.Name))]);
        string id = await _h.CommitAsync("partial", "alice@example.test", [OutboundHarness.Remote("bob@remote.test"), OutboundHarness.Remote("busy@remote.test")]);
        await _h.IdleAsync();
        Assert.Contains("mx:bob@remote.test\n", await File.ReadAllTextAsync(Path.Combine(_h.Queue, id + ".done")));

        _h.Transport.Handler = (host, rcpts) => FakeTransport.Reply(rcpts, 250, "2.0.0 Ok", host.Name);
        _h.Manager.Flush();
        await _h.IdleAsync();

        Assert.Equal(2, _h.Transport.Calls.Count);
        Assert.Equal(["busy@remote.test"], _h.Transport.Calls.Last().Recipients.Select(r => r.Mailbox));
        Assert.Equal(TimeSpan.Zero, _h.Transport.Calls.Last().At - Messages.Clock().GetUtcNow()); // no time passed
        Assert.Empty(_h.QueueFiles());
    }
}
