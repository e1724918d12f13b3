using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Imap.Tests.Support;
using Mizugiwa.Testing;

namespace Mizugiwa.Imap.Tests;

/// <summary>UIDs kept in the folder's uid list: stable, tolerant of delivery at any time and of moves from new/ to cur/.</summary>
public sealed class MaildirFolderTests : IDisposable
{
    private readonly TestMaildir _maildir = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-05T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Uids_follow_delivery_order_and_survive_moves_and_flag_changes()
    {
        var first = _maildir.Deliver(TestMaildir.Simple("one"));
        _maildir.Deliver(TestMaildir.Simple("two"));
        var snapshot = MaildirFolder.Sync(_maildir.Inbox, _time, claimNew: true);
        Assert.Equal([1L, 2L], snapshot.Messages.Select(m => m.Uid));
        Assert.Equal(3, snapshot.UidNext);
        var message = snapshot.Messages[0];
        Assert.Equal(Path.GetFileName(first) + ":2,", Path.GetFileName(message.Path));

        Assert.True(MaildirFolder.SetFlags(_maildir.Inbox, message, MessageFlags.Seen | MessageFlags.Flagged));
        Assert.EndsWith(":2,FS", message.Path);
        _maildir.Deliver(TestMaildir.Simple("three"));

        var again = MaildirFolder.Sync(_maildir.Inbox, _time);
        Assert.Equal(snapshot.UidValidity, again.UidValidity);
        Assert.Equal([1L, 2L, 3L], again.Messages.Select(m => m.Uid));
        Assert.Equal(MessageFlags.Seen | MessageFlags.Flagged, again.Messages[0].Flags);
    }

    [Fact]
    public async Task A_sync_waits_while_another_process_has_its_turn_on_the_uid_list()
    {
        _maildir.Deliver(TestMaildir.Simple("one"));
        Task<FolderSnapshot> sync;
        using (await OtherProcessLock.TakeAsync(Path.Combine(_maildir.Inbox, MaildirFolder.LockFileName)))
        {
            sync = Task.Run(() => MaildirFolder.Sync(_maildir.Inbox, _time));
            await Task.Delay(300);
            Assert.False(sync.IsCompleted);
        }
        var snapshot = await sync.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([1L], snapshot.Messages.Select(m => m.Uid));
    }

    [Fact]
    public void Removed_messages_leave_gaps_and_uids_are_never_reused()
    {
        _maildir.Deliver(TestMaildir.Simple("one"));
        var second = _maildir.Deliver(TestMaildir.Simple("two"));
        MaildirFolder.Sync(_maildir.Inbox, _time);
        File.Delete(second);
        _maildir.Deliver(TestMaildir.Simple("three"));
        Assert.Equal([1L, 3L], MaildirFolder.Sync(_maildir.Inbox, _time).Messages.Select(m => m.Uid));
    }

    [Fact]
    public void A_damaged_uid_list_starts_again_with_a_new_uidvalidity()
    {
        _maildir.Deliver(TestMaildir.Simple("one"));
        var before = MaildirFolder.Sync(_maildir.Inbox, _time);
        File.WriteAllText(Path.Combine(_maildir.Inbox, UidList.FileName), "garbage\n");
        _time.Advance(TimeSpan.FromSeconds(5));
        var after = MaildirFolder.Sync(_maildir.Inbox, _time);
        Assert.NotEqual(before.UidValidity, after.UidValidity);
        Assert.Equal([1L], after.Messages.Select(m => m.Uid));
    }

    [Fact]
    public void Flags_read_from_and_written_to_the_info_suffix()
    {
        Assert.Equal(MessageFlags.Seen | MessageFlags.Answered | MessageFlags.Deleted, MessageFlagText.FromFileName("x:2,RST"));
        Assert.Equal("x:2,DFa", MessageFlagText.FileName("x", MessageFlags.Draft | MessageFlags.Flagged, "x:2,Sa"));
        Assert.Equal("(\\Draft \\Seen)", MessageFlagText.List(MessageFlags.Seen | MessageFlags.Draft));
    }

    public void Dispose() => _maildir.Dispose();
}
