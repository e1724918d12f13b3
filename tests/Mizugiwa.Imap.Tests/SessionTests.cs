using Mizugiwa.Imap.Tests.Support;
using Mizugiwa.Testing;

namespace Mizugiwa.Imap.Tests;

/// <summary>Whole sessions over a real TLS socket, read as transcripts.</summary>
public sealed class SessionTests : ImapServerTest
{
    [Fact]
    public async Task Greeting_and_capabilities_offer_AUTH_PLAIN_under_TLS_and_more_after_login()
    {
        await using var client = await ImapTestClient.ConnectAsync(Server.Port);
        Assert.StartsWith("* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN ID LITERAL+]", client.Greeting);
        var login = await client.LoginAsync();
        Assert.Contains("IDLE", login[^1]);
        Assert.Contains("UIDPLUS", login[^1]);
        Assert.Contains("MOVE", login[^1]);
        Assert.Equal("* NAMESPACE ((\"\" \".\")) NIL NIL", (await client.CommandAsync("NAMESPACE"))[0]);
    }

    [Fact]
    public async Task A_folder_another_process_keeps_busy_past_the_wait_is_refused_with_inuse_and_the_session_goes_on()
    {
        Maildir.Deliver(TestMaildir.Simple("first"));
        await using var client = await ImapTestClient.ConnectAsync(Server.Port);
        await client.LoginAsync();
        using (await OtherProcessLock.TakeAsync(Path.Combine(Maildir.Inbox, MaildirFolder.LockFileName)))
            Assert.Equal("NO [INUSE] the folder is busy in another session; try again", await client.ResultAsync("SELECT INBOX"));
        Assert.StartsWith("OK [READ-WRITE]", await client.ResultAsync("SELECT INBOX"));
    }

    [Fact]
    public async Task Select_reports_counts_and_fetch_returns_flags_uids_and_the_whole_message()
    {
        Maildir.Deliver(TestMaildir.Simple("first"));
        Maildir.Deliver(TestMaildir.Simple("second"));
        await using var client = await ImapTestClient.ConnectAsync(Server.Port);
        await client.LoginAsync();

        var select = await client.CommandAsync("SELECT INBOX");
        Assert.Contains("* 2 EXISTS", select);
        Assert.Contains("* 2 RECENT", select);
        Assert.Contains(select, l => l.StartsWith("* OK [UIDVALIDITY ", StringComparison.Ordinal));
        Assert.Contains("* OK [UIDNEXT 3] predicted next UID", select);
        Assert.Contains("* OK [UNSEEN 1] first unseen", select);
        Assert.EndsWith("OK [READ-WRITE] SELECT completed", select[^1]);
        // Selected read-write: the files moved from new/ to cur/.
        Assert.Empty(Directory.GetFiles(Path.Combine(Maildir.Inbox, "new")));

        var fetch = await client.CommandAsync("FETCH 1:* (UID FLAGS RFC822.SIZE)");
        Assert.Matches(@"^\* 1 FETCH \(UID 1 FLAGS \(\\Recent\) RFC822\.SIZE \d+\)$", fetch[0]);
        Assert.Matches(@"^\* 2 FETCH \(UID 2 FLAGS \(\\Recent\) RFC822\.SIZE \d+\)$", fetch[1]);

        var body = await client.CommandAsync("FETCH 1 BODY[]");
        Assert.Contains("Subject: first", body[0]);
        Assert.Contains("FLAGS (\\Seen \\Recent)", body[0]);
        Assert.Single(Directory.GetFiles(Path.Combine(Maildir.Inbox, "cur"), "*:2,S"));
    }

    [Fact]
    public async Task Store_expunge_and_a_new_session_see_the_same_uids_and_flags()
    {
        Maildir.Deliver(TestMaildir.Simple("a"));
        Maildir.Deliver(TestMaildir.Simple("b"));
        Maildir.Deliver(TestMaildir.Simple("c"));
        await using (var client = await ImapTestClient.ConnectAsync(Server.Port))
        {
            await client.LoginAsync();
            await client.CommandAsync("SELECT INBOX");
            var store = await client.CommandAsync("STORE 1 +FLAGS (\\Flagged \\Answered)");
            Assert.Equal("* 1 FETCH (FLAGS (\\Flagged \\Answered \\Recent))", store[0]);
            Assert.Single(await client.CommandAsync("UID STORE 2 +FLAGS.SILENT (\\Deleted)"));
            var expunge = await client.CommandAsync("EXPUNGE");
            Assert.Equal("* 2 EXPUNGE", expunge[0]);
            Assert.EndsWith("OK EXPUNGE completed", expunge[^1]);
        }
        Maildir.Deliver(TestMaildir.Simple("d"));
        await using (var again = await ImapTestClient.ConnectAsync(Server.Port))
        {
            await again.LoginAsync();
            var select = await again.CommandAsync("SELECT INBOX");
            Assert.Contains("* 3 EXISTS", select);
            var fetch = await again.CommandAsync("FETCH 1:* (UID FLAGS)");
            Assert.Equal("* 1 FETCH (UID 1 FLAGS (\\Flagged \\Answered))", fetch[0]);
            Assert.Equal("* 2 FETCH (UID 3 FLAGS ())", fetch[1]);
            Assert.Equal("* 3 FETCH (UID 4 FLAGS (\\Recent))", fetch[2]); // delivered after the first session: recent for this one
        }
    }

    [Fact]
    public async Task Noop_reports_new_mail_and_messages_removed_by_someone_else()
    {
        var gone = Maildir.Deliver(TestMaildir.Simple("one"));
        await using var client = await ImapTestClient.ConnectAsync(Server.Port);
        await client.LoginAsync();
        await client.CommandAsync("EXAMINE INBOX");
        Maildir.Deliver(TestMaildir.Simple("two"));
        File.Delete(gone);

        var noop = await client.CommandAsync("NOOP");

        Assert.Equal(["* 1 EXPUNGE", "* 1 EXISTS", "* 1 RECENT"], noop[..^1]);
    }

    [Fact]
    public async Task Idle_reports_a_delivery_and_ends_with_DONE()
    {
        await using var client = await ImapTestClient.ConnectAsync(Server.Port);
        await client.LoginAsync();
        await client.CommandAsync("SELECT INBOX");
        var tag = client.NextTag();
        await client.SendAsync($"{tag} IDLE\r\n");
        Assert.StartsWith("+ ", await client.ReadLineAsync());

        Maildir.Deliver(TestMaildir.Simple("while idle"));
        Assert.Equal("* 1 EXISTS", await client.ReadLineAsync());
        await client.SendAsync("DONE\r\n");
        Assert.Equal($"{tag} OK IDLE terminated", (await client.ReadUntilTaggedAsync(tag))[^1]);
    }

    [Fact]
    public async Task Wrong_password_gets_AUTHENTICATIONFAILED_and_counts_on_the_guard()
    {
        await using var client = await ImapTestClient.ConnectAsync(Server.Port);
        var login = await client.CommandAsync("LOGIN alice@example.test wrong");
        Assert.EndsWith(" NO [AUTHENTICATIONFAILED] authentication failed", login[^1]);
        var plain = Convert.ToBase64String("\0alice@example.test\0nope"u8.ToArray());
        var authenticate = await client.CommandAsync("AUTHENTICATE PLAIN " + plain);
        Assert.EndsWith(" NO [AUTHENTICATIONFAILED] authentication failed", authenticate[^1]);
        var failure = await Server.Auth.Guard.RecordFailureAsync(System.Net.IPAddress.Loopback, "alice@example.test", CancellationToken.None);
        Assert.Equal(3, failure.AddressFailures);
    }

    [Fact]
    public async Task Authenticate_plain_with_a_continuation_logs_in()
    {
        await using var client = await ImapTestClient.ConnectAsync(Server.Port);
        var tag = client.NextTag();
        await client.SendAsync($"{tag} AUTHENTICATE PLAIN\r\n");
        Assert.Equal("+ ", await client.ReadLineAsync());
        await client.SendAsync(Convert.ToBase64String("\0alice@example.test\0secret"u8.ToArray()) + "\r\n");
        Assert.StartsWith($"{tag} OK", (await client.ReadUntilTaggedAsync(tag))[^1]);
    }

    [Fact]
    public async Task Login_with_literals_works()
    {
        await using var client = await ImapTestClient.ConnectAsync(Server.Port);
        var tag = client.NextTag();
        await client.SendAsync($"{tag} LOGIN {{18}}\r\n");
        Assert.StartsWith("+ ", await client.ReadLineAsync());
        await client.SendAsync("alice@example.test \"secret\"\r\n");
        Assert.StartsWith($"{tag} OK", (await client.ReadUntilTaggedAsync(tag))[^1]);
    }

    [Fact]
    public async Task Bad_syntax_and_unknown_mailboxes_get_answers_that_name_the_problem()
    {
        await using var client = await ImapTestClient.ConnectAsync(Server.Port);
        Assert.Equal("NO [AUTHORIZATIONFAILED] log in first", await client.ResultAsync("SELECT INBOX"));
        await client.LoginAsync();
        Assert.Equal("BAD unknown command 'FROB'", await client.ResultAsync("FROB"));
        Assert.Equal("NO [NONEXISTENT] no mailbox named 'Nope'", await client.ResultAsync("SELECT Nope"));
        Assert.Equal("BAD no mailbox selected (SELECT or EXAMINE first)", await client.ResultAsync("FETCH 1 FLAGS"));
        await client.CommandAsync("SELECT INBOX");
        Assert.Equal("BAD unknown fetch item 'FLAGZ'", await client.ResultAsync("FETCH 1 FLAGZ"));
        Assert.Equal("BAD bad sequence number '0' (1..4294967295 or *)", await client.ResultAsync("FETCH 0 FLAGS"));
        Assert.StartsWith("NO [CANNOT] '../x': mailbox names are", await client.ResultAsync("CREATE \"../x\""));
        Assert.StartsWith("NO [CANNOT]", await client.ResultAsync("CREATE a.b"));
        Assert.Equal("BAD command line too long (the limit is 1024 octets)", await client.ResultAsync("NOOP " + new string('x', 2000)));
        Assert.StartsWith("OK", await client.ResultAsync("NOOP"));
    }

    [Fact]
    public async Task Create_list_status_append_copy_and_move_work_on_folders()
    {
        Maildir.Deliver(TestMaildir.Simple("spam"), folder: "Junk");
        Maildir.Deliver(TestMaildir.Simple("keep"));
        await using var client = await ImapTestClient.ConnectAsync(Server.Port);
        await client.LoginAsync();
        Assert.StartsWith("OK", await client.ResultAsync("CREATE Archive"));
        Assert.Equal("NO [ALREADYEXISTS] mailbox 'Archive' exists", await client.ResultAsync("CREATE Archive"));

        var list = await client.CommandAsync("LIST \"\" *");
        Assert.Equal(["* LIST (\\HasNoChildren) \".\" INBOX", "* LIST (\\HasNoChildren) \".\" Archive", "* LIST (\\HasNoChildren \\Junk) \".\" Junk"], list[..^1]);
        Assert.Equal(["* LIST (\\HasNoChildren \\Junk) \".\" Junk"], (await client.CommandAsync("LIST (SPECIAL-USE) \"\" *"))[..^1]);
        Assert.Equal(3, (await client.CommandAsync("LIST \"\" \"%\" RETURN (SPECIAL-USE)")).Count - 1);
        Assert.Equal("* STATUS Junk (MESSAGES 1 UNSEEN 1 UIDNEXT 2)", (await client.CommandAsync("STATUS Junk (MESSAGES UNSEEN UIDNEXT)"))[0]);

        var tag = client.NextTag();
        var message = "Subject: appended\r\n\r\nbody\r\n";
        await client.SendAsync($"{tag} APPEND Archive (\\Seen) \"05-Dec-2026 09:30:00 +0900\" {{{message.Length}}}\r\n");
        Assert.StartsWith("+ ", await client.ReadLineAsync());
        await client.SendAsync(message + "\r\n");
        var appended = await client.ReadUntilTaggedAsync(tag);
        Assert.Matches(@"OK \[APPENDUID \d+ 1\] APPEND completed$", appended[^1]);

        await client.CommandAsync("SELECT INBOX");
        var copy = await client.CommandAsync("UID COPY 1 Archive");
        Assert.Matches(@"OK \[COPYUID \d+ 1 2\] COPY completed$", copy[^1]);
        Assert.EndsWith("NO [TRYCREATE] no mailbox named 'Elsewhere'", await client.ResultAsync("COPY 1 Elsewhere"));
        var move = await client.CommandAsync("MOVE 1 Junk");
        Assert.Contains("* 1 EXPUNGE", move);
        Assert.Matches(@"^\* OK \[COPYUID \d+ 1 2\]", move[0]);

        await client.CommandAsync("EXAMINE Archive");
        var fetch = await client.CommandAsync("FETCH 1:* (FLAGS INTERNALDATE BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
        Assert.StartsWith("* 1 FETCH (FLAGS (\\Seen) INTERNALDATE \"05-Dec-2026 00:30:00 +0000\" BODY[HEADER.FIELDS (SUBJECT)] {21}", fetch[0]);
        Assert.Contains("Subject: keep", fetch[1]);
        Assert.Equal("NO [READ-ONLY] the mailbox is open read-only (EXAMINE)", await client.ResultAsync("STORE 1 +FLAGS (\\Deleted)"));

        Assert.StartsWith("OK", await client.ResultAsync("RENAME Archive Old"));
        Assert.StartsWith("OK", await client.ResultAsync("DELETE Old"));
        Assert.Equal("NO [NONEXISTENT] no mailbox named 'Old'", await client.ResultAsync("DELETE Old"));
    }

    [Fact]
    public async Task Search_finds_by_flags_text_size_and_uid()
    {
        Maildir.Deliver(TestMaildir.Simple("invoice", "Please pay.\n"));
        Maildir.Deliver(TestMaildir.Simple("lunch", "Sushi at noon?\n", from: "Carol <carol@example.org>"));
        Maildir.Deliver(TestMaildir.Simple("report", new string('x', 5000)));
        await using var client = await ImapTestClient.ConnectAsync(Server.Port);
        await client.LoginAsync();
        await client.CommandAsync("SELECT INBOX");
        await client.CommandAsync("STORE 2 +FLAGS (\\Seen)");

        Assert.Equal("* SEARCH 1 3", (await client.CommandAsync("SEARCH UNSEEN"))[0]);
        Assert.Equal("* SEARCH 2", (await client.CommandAsync("SEARCH FROM carol"))[0]);
        Assert.Equal("* SEARCH 1", (await client.CommandAsync("SEARCH BODY \"please PAY\""))[0]);
        Assert.Equal("* SEARCH 3", (await client.CommandAsync("SEARCH LARGER 4000"))[0]);
        Assert.Equal("* SEARCH 1 2", (await client.CommandAsync("SEARCH OR SUBJECT invoice SUBJECT lunch"))[0]);
        Assert.Equal("* SEARCH 2 3", (await client.CommandAsync("UID SEARCH NOT UID 1"))[0]);
        Assert.Equal("* SEARCH 1 2 3", (await client.CommandAsync("SEARCH CHARSET UTF-8 SINCE 1-Jan-2020"))[0]);
        Assert.Equal("* SEARCH", (await client.CommandAsync("SEARCH BEFORE 1-Jan-2020"))[0]);
        Assert.StartsWith("NO [BADCHARSET", await client.ResultAsync("SEARCH CHARSET KOI8-R ALL"));
    }
}
