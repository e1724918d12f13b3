using Mizugiwa.Delivery.Admin;
using Mizugiwa.Delivery.Outbound;

namespace Mizugiwa.Delivery.Tests.Outbound;

public sealed class QueueAdminTests : IAsyncLifetime
{
    private readonly OutboundHarness _h = new();

    public async Task InitializeAsync()
    {
        await _h.StartAsync(scan: TimeSpan.FromSeconds(10));
        _h.Transport.Handler = (host, rcpts) => FakeTransport.Reply(rcpts, 421, "4.7.0 come back later", host.Name);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private QueueAdmin Admin => new(_h.SpoolDirectory);

    [Fact]
    public async Task List_and_show_give_the_pending_recipients_with_their_last_result()
    {
        string id = await _h.CommitAsync("listed", "alice@example.test", [OutboundHarness.Remote("bob@remote.test")], envId: "E1");
        await _h.IdleAsync();

        var entry = Assert.Single(Admin.List());
        Assert.Equal((id, "alice@example.test", 1, 1, false, "4.7.0"), (entry.QueueId, entry.Sender, entry.Recipients, entry.Pending, entry.Held, entry.LastStatus));
        var info = Admin.Show(id)!;
        var bob = Assert.Single(info.Recipients);
        Assert.Equal(("pending", 1, "4.7.0"), (bob.State, bob.Attempts, bob.Status));
        Assert.Equal(Messages.Clock().GetUtcNow() + TimeSpan.FromMinutes(5), bob.NextAttempt);
        Assert.Contains("421 4.7.0 come back later", bob.Diagnostic);
        Assert.Contains("Subject: listed", info.Header);
        Assert.Null(Admin.Show("0000000000000000"));
        Assert.Null(Admin.Show("../../etc/passwd"));
    }

    [Fact]
    public async Task A_held_message_is_not_tried_until_released_and_flush_goes_through_the_scan()
    {
        string id = await _h.CommitAsync("held", "alice@example.test", [OutboundHarness.Remote("bob@remote.test")]);
        await _h.IdleAsync();
        Assert.True(Admin.Hold(id));
        await _h.AdvanceAsync(TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(10));
        Assert.Single(_h.Transport.Calls);
        Assert.True(Admin.Show(id)!.Entry.Held);

        _h.Transport.Handler = (host, rcpts) => FakeTransport.Reply(rcpts, 250, "2.0.0 Ok", host.Name);
        Assert.True(Admin.Release(id));
        Assert.True(Admin.FlushPending);
        await _h.AdvanceAsync(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        await _h.IdleAsync();

        Assert.Equal(2, _h.Transport.Calls.Count);
        Assert.False(Admin.FlushPending);
        Assert.Empty(Admin.List());
    }

    [Fact]
    public async Task Flush_retries_deferred_recipients_at_the_next_scan_and_delete_removes_a_message()
    {
        string id = await _h.CommitAsync("flushed", "alice@example.test", [OutboundHarness.Remote("bob@remote.test")]);
        string other = await _h.CommitAsync("deleted", "alice@example.test", [OutboundHarness.Remote("carol@remote.test")]);
        await _h.IdleAsync();
        Assert.Equal(2, _h.Transport.Calls.Count);

        Assert.True(Admin.Delete(other));
        Assert.False(Admin.Delete(other));
        Admin.RequestFlush();
        await _h.AdvanceAsync(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)); // well before the 5-minute retry
        await _h.IdleAsync();

        Assert.Equal(3, _h.Transport.Calls.Count);
        Assert.Equal("bob@remote.test", Assert.Single(_h.Transport.Calls.Last().Recipients).Mailbox);
        Assert.Equal([id], Admin.List().Select(e => e.QueueId));
        Assert.Empty(_h.Mailbox("example.test/alice")); // deleting sends no notice
    }
}
