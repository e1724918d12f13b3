using Mizugiwa.Imap.Tests.Support;

namespace Mizugiwa.Imap.Tests;

/// <summary>
/// \Recent (RFC 3501 §2.3.2) over a real TLS socket: a message is recent for the one read-write session that first
/// sees it, the one that moves it from new/ to cur/; EXAMINE and STATUS show what is still in new/ and take nothing.
/// </summary>
public sealed class RecentTests : ImapServerTest
{
    private async Task<ImapTestClient> LoggedInAsync()
    {
        var client = await ImapTestClient.ConnectAsync(Server.Port);
        await client.LoginAsync();
        return client;
    }

    [Fact]
    public async Task Mail_is_recent_for_the_first_session_that_selects_the_folder_and_no_other()
    {
        Maildir.Deliver(TestMaildir.Simple("one"));
        Maildir.Deliver(TestMaildir.Simple("two"));
        await using var watcher = await LoggedInAsync();
        Assert.Equal("* STATUS INBOX (RECENT 2 MESSAGES 2)", (await watcher.CommandAsync("STATUS INBOX (RECENT MESSAGES)"))[0]);
        var examine = await watcher.CommandAsync("EXAMINE INBOX");
        Assert.Contains("* 2 RECENT", examine);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(Maildir.Inbox, "new")).Length); // EXAMINE takes nothing

        await using var first = await LoggedInAsync();
        Assert.Contains("* 2 RECENT", await first.CommandAsync("SELECT INBOX"));
        Assert.Equal("* 1 FETCH (FLAGS (\\Recent))", (await first.CommandAsync("FETCH 1 FLAGS"))[0]);
        Assert.Equal("* SEARCH 1 2", (await first.CommandAsync("SEARCH RECENT"))[0]);

        await using var second = await LoggedInAsync();
        Assert.Contains("* 0 RECENT", await second.CommandAsync("SELECT INBOX"));
        Assert.Equal("* 1 FETCH (FLAGS ())", (await second.CommandAsync("FETCH 1 FLAGS"))[0]);
        Assert.Equal("* SEARCH", (await second.CommandAsync("SEARCH RECENT"))[0]);
        Assert.Equal("* SEARCH 1 2", (await second.CommandAsync("SEARCH OLD"))[0]);
        Assert.Equal("* STATUS INBOX (RECENT 0)", (await watcher.CommandAsync("STATUS INBOX (RECENT)"))[0]);

        // The first session keeps its \Recent for as long as it has the folder selected.
        await first.CommandAsync("STORE 2 +FLAGS (\\Seen)");
        Assert.Equal("* SEARCH 1", (await first.CommandAsync("SEARCH NEW"))[0]);
        Assert.Equal("* SEARCH", (await first.CommandAsync("SEARCH OLD"))[0]);
    }

    [Fact]
    public async Task Mail_arriving_while_a_folder_is_selected_is_recent_for_the_session_that_hears_of_it_first()
    {
        Maildir.Deliver(TestMaildir.Simple("one"));
        await using var reader = await LoggedInAsync();
        await reader.CommandAsync("SELECT INBOX");
        await using var browser = await LoggedInAsync();
        await browser.CommandAsync("EXAMINE INBOX");

        Maildir.Deliver(TestMaildir.Simple("two"));
        // The read-only session hears of it first, shows it as recent and leaves it in new/ ...
        Assert.Equal(["* 2 EXISTS", "* 1 RECENT"], (await browser.CommandAsync("NOOP")).SkipLast(1));
        Assert.Single(Directory.GetFiles(Path.Combine(Maildir.Inbox, "new")));
        // ... so the read-write session still claims it, and it is recent there along with the first message.
        Assert.Equal(["* 2 EXISTS", "* 2 RECENT"], (await reader.CommandAsync("NOOP")).SkipLast(1));
        Assert.Empty(Directory.GetFiles(Path.Combine(Maildir.Inbox, "new")));
        Assert.Equal("* SEARCH 1 2", (await reader.CommandAsync("SEARCH NEW"))[0]);

        Maildir.Deliver(TestMaildir.Simple("three"));
        Assert.Equal(["* 3 EXISTS", "* 3 RECENT"], (await reader.CommandAsync("NOOP")).SkipLast(1));
        Assert.Equal(["* 3 EXISTS", "* 1 RECENT"], (await browser.CommandAsync("NOOP")).SkipLast(1)); // already taken
        Assert.Equal("* 3 FETCH (UID 3 FLAGS ())", (await browser.CommandAsync("UID FETCH 3 FLAGS"))[0]);

        // Expunged messages stop counting.
        await reader.CommandAsync("STORE 1 +FLAGS.SILENT (\\Deleted)");
        await reader.CommandAsync("EXPUNGE");
        Maildir.Deliver(TestMaildir.Simple("four"));
        Assert.Equal(["* 3 EXISTS", "* 3 RECENT"], (await reader.CommandAsync("NOOP")).SkipLast(1));
    }
}
