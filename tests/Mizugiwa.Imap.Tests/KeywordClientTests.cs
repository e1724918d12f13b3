using System.Globalization;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using Mizugiwa.Imap.Tests.Support;
using MailFlags = MailKit.MessageFlags;
using MailSearch = MailKit.Search.SearchQuery;

namespace Mizugiwa.Imap.Tests;

/// <summary>
/// Keywords and \Recent as real mail clients use them: MailKit's ImapClient (how Thunderbird-like clients mark junk,
/// forwards and labels) and Python's imaplib, over the test server's IMAPS socket.
/// </summary>
public sealed class KeywordClientTests : ImapServerTest
{
    private async Task<ImapClient> ConnectAsync()
    {
        var imap = new ImapClient
        {
            Timeout = 10_000,
            ServerCertificateValidationCallback = (_, certificate, _, _) => certificate?.Subject == "CN=imap.test",
        };
        await imap.ConnectAsync("127.0.0.1", Server.Port, SecureSocketOptions.SslOnConnect);
        await imap.AuthenticateAsync(TestMaildir.User, "secret");
        return imap;
    }

    private static async Task<IMessageSummary> FlagsOfAsync(IMailFolder folder, UniqueId uid) =>
        Assert.Single(await folder.FetchAsync([uid], MessageSummaryItems.Flags | MessageSummaryItems.UniqueId));

    [Fact]
    public async Task MailKit_sets_keywords_searches_for_them_and_finds_them_after_a_reconnect_and_a_move()
    {
        Maildir.Deliver(TestMaildir.Simple("cheap pills"));
        Maildir.Deliver(TestMaildir.Simple("lunch"));
        UniqueId spam;
        using (var imap = await ConnectAsync())
        {
            await imap.GetFolder(imap.PersonalNamespaces[0]).CreateAsync("Junk", true);
            var inbox = imap.Inbox;
            await inbox.OpenAsync(FolderAccess.ReadWrite);
            Assert.True(inbox.PermanentFlags.HasFlag(MailFlags.UserDefined)); // \* : new keywords can be kept
            var uids = await inbox.SearchAsync(MailSearch.All);
            spam = uids[0];
            await inbox.AddFlagsAsync(spam, MailFlags.None, new HashSet<string> { "$Junk" }, silent: false);
            await inbox.AddFlagsAsync(uids[1], MailFlags.Seen, new HashSet<string> { "$NotJunk", "$label1" }, silent: true);

            Assert.Equal([spam], await inbox.SearchAsync(MailSearch.HasKeyword("$Junk")));
            Assert.Equal([uids[1]], await inbox.SearchAsync(MailSearch.HasKeyword("$label1").And(MailSearch.NotKeyword("$Junk"))));
            Assert.Contains("$Junk", inbox.PermanentKeywords);
            Assert.Contains("$NotJunk", inbox.AcceptedKeywords);
            await imap.DisconnectAsync(true);
        }

        using (var again = await ConnectAsync())
        {
            var inbox = again.Inbox;
            await inbox.OpenAsync(FolderAccess.ReadWrite);
            Assert.Contains("$Junk", inbox.AcceptedKeywords);
            var marked = await FlagsOfAsync(inbox, spam);
            Assert.Equal(["$Junk"], marked.Keywords);
            var junk = await again.GetFolderAsync("Junk");
            Assert.NotNull(await inbox.MoveToAsync(spam, junk));

            await junk.OpenAsync(FolderAccess.ReadOnly);
            var moved = Assert.Single(await junk.SearchAsync(MailSearch.HasKeyword("$Junk")));
            Assert.Equal(["$Junk"], (await FlagsOfAsync(junk, moved)).Keywords);
            await again.DisconnectAsync(true);
        }
        Assert.Equal("0 $Junk\n", File.ReadAllText(Path.Combine(Maildir.Inbox, ".Junk", MaildirKeywords.FileName)));
    }

    [Fact]
    public async Task MailKit_sees_recent_mail_in_the_first_session_only()
    {
        Maildir.Deliver(TestMaildir.Simple("fresh"));
        using var first = await ConnectAsync();
        await first.Inbox.OpenAsync(FolderAccess.ReadWrite);
        Assert.Equal(1, first.Inbox.Recent);
        var uid = Assert.Single(await first.Inbox.SearchAsync(MailSearch.Recent));
        Assert.True((await FlagsOfAsync(first.Inbox, uid)).Flags!.Value.HasFlag(MailFlags.Recent));

        using var second = await ConnectAsync();
        await second.Inbox.OpenAsync(FolderAccess.ReadWrite);
        Assert.Equal(0, second.Inbox.Recent);
        Assert.Empty(await second.Inbox.SearchAsync(MailSearch.Recent));
        Assert.False((await FlagsOfAsync(second.Inbox, uid)).Flags!.Value.HasFlag(MailFlags.Recent));
        await second.DisconnectAsync(true);
        await first.DisconnectAsync(true);
    }

    [Fact]
    public async Task Python_imaplib_stores_the_junk_keyword_and_fetches_it_back()
    {
        Maildir.Deliver(TestMaildir.Simple("spam"));
        var (exitCode, output, errors) = await PythonScript.RunAsync("imap_keywords.py", Server.Port.ToString(CultureInfo.InvariantCulture), TestMaildir.User, "secret");

        Assert.True(exitCode == 0, output + errors);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("LOGIN OK", lines[0]);
        Assert.Equal("SELECT OK (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)", lines[1]);
        Assert.Equal("STORE OK 1 (FLAGS (\\Recent $Junk))", lines[2]);
        Assert.Equal("FETCH OK 1 (FLAGS (\\Recent $Junk))", lines[3]);
        Assert.Equal("SEARCH OK 1", lines[4]);
        Assert.Equal("LOGOUT BYE", lines[5]);
    }
}
