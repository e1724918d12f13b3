using MimeKit;
using MimeKit.Utils;
using Mizugiwa.Core;
using Mizugiwa.Delivery.Outbound;

namespace Mizugiwa.Delivery.Tests.Outbound;

public sealed class DsnTests : IAsyncLifetime
{
    private OutboundHarness _h = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task StartAsync(Func<OutboundOptions, OutboundOptions>? configure = null)
    {
        if (configure is not null)
        {
            await _h.DisposeAsync();
            _h = new OutboundHarness(configure);
        }
        await _h.StartAsync();
        _h.Transport.Handler = (host, rcpts) => TransportResult.PerRecipient([.. rcpts.Select(r => r.Mailbox.StartsWith("nobody", StringComparison.Ordinal)
            ? RecipientResult.FromReply(550, "5.1.1 <" + r.Mailbox + ">: Recipient address rejected: User unknown", host.Name)
            : RecipientResult.FromReply(250, "2.0.0 Ok: queued as 4XyZ", host.Name, remoteHandlesDsn: true))]);
    }

    /// <summary>Lets the message and then the DSN it caused go through the queue.</summary>
    private async Task SettleAsync()
    {
        for (int i = 0; i < 3; i++) await _h.IdleAsync();
    }

    [Fact]
    public async Task A_5xx_rejection_bounces_to_the_local_sender_with_every_field()
    {
        await StartAsync();
        string id = await _h.CommitAsync("bounce", "alice@example.test",
            [OutboundHarness.Remote("bob@remote.test"), OutboundHarness.Remote("nobody@remote.test", DsnNotify.Failure, "rfc822;Nobody+2Bx@remote.test")],
            envId: "QQ314159", ret: DsnReturn.Headers);
        await SettleAsync();

        var message = Assert.Single(_h.Mailbox("example.test/alice"));
        Assert.Equal("MAILER-DAEMON@mx.example.test", message.From.Mailboxes.Single().Address);
        Assert.Equal("alice@example.test", message.To.Mailboxes.Single().Address);
        Assert.Equal("auto-replied", message.Headers["Auto-Submitted"]);
        var dsn = new DsnReader(message);
        Assert.Equal("dns; mx.example.test", dsn.PerMessage["Reporting-MTA"]);
        Assert.Equal("QQ314159", dsn.PerMessage["Original-Envelope-Id"]);
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero), DateUtils.TryParse(dsn.PerMessage["Arrival-Date"], out var arrival) ? arrival : default);
        var nobody = Assert.Single(dsn.PerRecipient); // bob was delivered: only nobody is reported
        Assert.Equal("rfc822; Nobody+x@remote.test", nobody["Original-Recipient"]);
        Assert.Equal("rfc822; nobody@remote.test", nobody["Final-Recipient"]);
        Assert.Equal("failed", nobody["Action"]);
        Assert.Equal("5.1.1", nobody["Status"]);
        Assert.Equal("dns; mx.remote.test", nobody["Remote-MTA"]);
        Assert.Equal("smtp; 550 5.1.1 <nobody@remote.test>: Recipient address rejected: User unknown", nobody["Diagnostic-Code"]);
        Assert.NotNull(nobody["Last-Attempt-Date"]);
        Assert.Contains("<nobody@remote.test>: host mx.remote.test said: 550 5.1.1", dsn.Text);
        // RET=HDRS: only the header comes back, as text/rfc822-headers
        Assert.Equal("text/rfc822-headers", dsn.Returned.ContentType.MimeType);
        Assert.Equal("bounce", dsn.ReturnedHeaders["Subject"]);
        Assert.Equal("<bounce@example.test>", dsn.ReturnedHeaders["Message-Id"]);
        Assert.DoesNotContain("Hello bounce", dsn.Returned.ToString());
        Assert.Empty(_h.QueueFiles());
        Assert.False(File.Exists(Path.Combine(_h.Queue, id + ".msg")));
    }

    [Fact]
    public async Task Without_RET_a_small_message_comes_back_whole()
    {
        await StartAsync();
        await _h.CommitAsync("whole", "alice@example.test", [OutboundHarness.Remote("nobody@remote.test")]);
        await SettleAsync();

        var dsn = new DsnReader(Assert.Single(_h.Mailbox("example.test/alice")));
        var part = Assert.IsType<MessagePart>(dsn.Returned);
        Assert.Equal("message/rfc822", part.ContentType.MimeType);
        Assert.Equal("Hello whole.", part.Message!.TextBody!.TrimEnd());
        Assert.Null(dsn.PerMessage["Original-Envelope-Id"]);
    }

    [Fact]
    public async Task A_remote_sender_gets_the_bounce_through_the_outbound_agent_from_the_null_sender()
    {
        await StartAsync();
        _h.Dns.WithMx("sender.test", 10, "mx.sender.test", "127.0.0.5");
        await _h.CommitAsync("remote-sender", "someone@sender.test", [OutboundHarness.Remote("nobody@remote.test")]);
        await SettleAsync();

        var bounce = Assert.Single(_h.Transport.Calls, c => c.Host.Name == "mx.sender.test");
        Assert.Equal("", bounce.Sender);
        Assert.Equal("someone@sender.test", Assert.Single(bounce.Recipients).Mailbox);
        Assert.Contains("multipart/report", bounce.Content);
        Assert.Empty(_h.QueueFiles());
    }

    [Fact]
    public async Task No_bounce_goes_to_the_null_sender_the_double_bounce_is_dropped()
    {
        await StartAsync();
        await _h.CommitAsync("double", "", [OutboundHarness.Remote("nobody@remote.test")]);
        await SettleAsync();

        Assert.Single(_h.Transport.Calls);
        Assert.Empty(_h.Mailbox("postmaster"));
        Assert.Empty(_h.QueueFiles());
    }

    [Fact]
    public async Task A_double_bounce_goes_to_the_postmaster_when_so_configured()
    {
        await StartAsync(o => o with { DropDoubleBounces = false });
        await _h.CommitAsync("double-pm", "", [OutboundHarness.Remote("nobody@remote.test")]);
        await SettleAsync();

        var dsn = new DsnReader(Assert.Single(_h.Mailbox("postmaster")));
        Assert.Equal("5.1.1", dsn.For("nobody@remote.test")["Status"]);
        Assert.Empty(_h.QueueFiles());
    }

    [Fact]
    public async Task NOTIFY_NEVER_means_no_bounce_and_NOTIFY_SUCCESS_a_relayed_notice_when_the_remote_has_no_DSN()
    {
        await StartAsync();
        await _h.CommitAsync("never", "alice@example.test", [OutboundHarness.Remote("nobody@remote.test", DsnNotify.Never)]);
        await SettleAsync();
        Assert.Empty(_h.Mailbox("example.test/alice"));

        _h.Transport.Handler = (host, rcpts) => FakeTransport.Reply(rcpts, 250, "2.0.0 Ok", host.Name); // no DSN support announced
        await _h.CommitAsync("success", "alice@example.test", [OutboundHarness.Remote("bob@remote.test", DsnNotify.Success | DsnNotify.Failure)]);
        await SettleAsync();
        var dsn = new DsnReader(Assert.Single(_h.Mailbox("example.test/alice")));
        Assert.Equal("Successful Mail Delivery Report", dsn.Message.Subject);
        var bob = dsn.For("bob@remote.test");
        Assert.Equal(("relayed", "2.0.0"), (bob["Action"], bob["Status"]));
        Assert.Empty(_h.QueueFiles());
    }

    [Fact]
    public async Task A_local_mailbox_that_no_longer_exists_bounces_the_same_way()
    {
        await StartAsync();
        await _h.CommitAsync("gone", "alice@example.test",
            [new EnvelopeRecipient { Address = "bob@example.test", Mailbox = "bob@example.test" }, new EnvelopeRecipient { Address = "old@example.test", Mailbox = "old@example.test" }]);
        await SettleAsync();

        Assert.Single(_h.Mailbox("example.test/bob"));
        var dsn = new DsnReader(Assert.Single(_h.Mailbox("example.test/alice")));
        var old = dsn.For("old@example.test");
        Assert.Equal(("failed", "5.1.1"), (old["Action"], old["Status"]));
        Assert.Null(old["Remote-MTA"]);
        Assert.StartsWith("x-mizugiwa; mailbox old@example.test does not exist", old["Diagnostic-Code"]);
        Assert.Empty(_h.QueueFiles());
    }
}
