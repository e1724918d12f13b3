using System.Text;
using Mizugiwa.Imap.Tests.Support;

namespace Mizugiwa.Imap.Tests;

/// <summary>Keywords over a real TLS socket, read as transcripts: FLAGS and PERMANENTFLAGS, STORE, FETCH, SEARCH, APPEND, COPY, MOVE, the limit.</summary>
public sealed class KeywordSessionTests : ImapServerTest
{
    private const string SystemFlags = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";

    private string KeywordFile(string? folder = null) =>
        Path.Combine(folder is null ? Maildir.Inbox : Path.Combine(Maildir.Inbox, "." + folder), MaildirKeywords.FileName);

    private string[] CurFiles(string? folder = null) =>
        Directory.GetFiles(Path.Combine(folder is null ? Maildir.Inbox : Path.Combine(Maildir.Inbox, "." + folder), "cur")).Select(Path.GetFileName).Order().ToArray()!;

    private async Task<ImapTestClient> SelectedAsync(string folder = "INBOX")
    {
        var client = await ImapTestClient.ConnectAsync(Server.Port);
        await client.LoginAsync();
        Assert.StartsWith("OK", await client.ResultAsync("SELECT " + folder));
        return client;
    }

    [Fact]
    public async Task Store_sets_and_clears_keywords_in_the_file_name_and_announces_new_ones_in_FLAGS()
    {
        var delivered = Path.GetFileName(Maildir.Deliver(TestMaildir.Simple("one")));
        Maildir.Deliver(TestMaildir.Simple("two"));
        await using var client = await ImapTestClient.ConnectAsync(Server.Port);
        await client.LoginAsync();
        var select = await client.CommandAsync("SELECT INBOX");
        Assert.Contains($"* FLAGS ({SystemFlags})", select);
        Assert.Contains($"* OK [PERMANENTFLAGS ({SystemFlags} \\*)] flags kept", select);

        var store = await client.CommandAsync("STORE 1 +FLAGS ($Junk \\Seen)");
        Assert.Equal([$"* FLAGS ({SystemFlags} $Junk)", $"* OK [PERMANENTFLAGS ({SystemFlags} $Junk \\*)] flags kept",
            "* 1 FETCH (FLAGS (\\Seen \\Recent $Junk))", client.LastTag + " OK STORE completed"], store);
        Assert.Equal("0 $Junk\n", File.ReadAllText(KeywordFile()));
        Assert.Contains(delivered + ":2,Sa", CurFiles());

        // A known keyword in another case is the same keyword, in the spelling stored first.
        var uidStore = await client.CommandAsync("UID STORE 2 +FLAGS ($junk $Forwarded)");
        Assert.Equal($"* FLAGS ({SystemFlags} $Junk $Forwarded)", uidStore[0]);
        Assert.Equal("* 2 FETCH (UID 2 FLAGS (\\Recent $Forwarded $Junk))", uidStore[2]);
        Assert.EndsWith("OK STORE completed", uidStore[^1]);
        Assert.Equal("0 $Junk\n1 $Forwarded\n", File.ReadAllText(KeywordFile()));
        Assert.Equal("* 2 FETCH (FLAGS (\\Recent $Junk))", (await client.CommandAsync("STORE 2 -FLAGS $FORWARDED"))[0]);
        Assert.Equal("* 1 FETCH (FLAGS (\\Flagged \\Recent $Forwarded))", (await client.CommandAsync("STORE 1 FLAGS (\\Flagged $Forwarded)"))[0]);
        Assert.Contains(delivered + ":2,Fb", CurFiles());
        // .SILENT leaves out the FETCH, not the news of a new keyword.
        Assert.Equal([$"* FLAGS ({SystemFlags} $Junk $Forwarded $label1)", $"* OK [PERMANENTFLAGS ({SystemFlags} $Junk $Forwarded $label1 \\*)] flags kept"],
            (await client.CommandAsync("STORE 1:2 +FLAGS.SILENT ($label1)")).SkipLast(1));

        Assert.Equal("* 1 FETCH (FLAGS (\\Flagged \\Recent $Forwarded $label1))", (await client.CommandAsync("FETCH 1 FLAGS"))[0]);
        Assert.Equal("* SEARCH 1 2", (await client.CommandAsync("SEARCH KEYWORD $LABEL1"))[0]);
        Assert.Equal("* SEARCH 2", (await client.CommandAsync("SEARCH KEYWORD $junk"))[0]);
        Assert.Equal("* SEARCH 2", (await client.CommandAsync("SEARCH UNKEYWORD $Forwarded"))[0]);
        Assert.Equal("* SEARCH 1", (await client.CommandAsync("SEARCH OR FLAGGED (KEYWORD $Nothing)"))[0]);
        Assert.Equal("* SEARCH", (await client.CommandAsync("SEARCH KEYWORD $Nothing"))[0]);
    }

    [Fact]
    public async Task Keywords_survive_a_new_session_and_another_session_hears_of_them()
    {
        Maildir.Deliver(TestMaildir.Simple("one"));
        await using var first = await SelectedAsync();
        await using var second = await SelectedAsync();
        await first.CommandAsync("STORE 1 +FLAGS ($MDNSent)");

        var noop = await second.CommandAsync("NOOP");
        Assert.Equal($"* FLAGS ({SystemFlags} $MDNSent)", noop[0]);
        Assert.Equal("* 1 FETCH (UID 1 FLAGS ($MDNSent))", noop[2]); // recent for the first session, not this one

        await using var third = await ImapTestClient.ConnectAsync(Server.Port);
        await third.LoginAsync();
        var examine = await third.CommandAsync("EXAMINE INBOX");
        Assert.Contains($"* FLAGS ({SystemFlags} $MDNSent)", examine);
        Assert.Contains("* OK [PERMANENTFLAGS ()] read-only", examine);
        Assert.Equal("* 1 FETCH (FLAGS ($MDNSent))", (await third.CommandAsync("FETCH 1 FLAGS"))[0]);
    }

    [Fact]
    public async Task Bad_keywords_get_BAD_naming_them_and_change_nothing()
    {
        Maildir.Deliver(TestMaildir.Simple("one"));
        await using var client = await SelectedAsync();
        Assert.Equal("BAD '$Ju%nk' is not a valid keyword: keywords are atoms: printable ASCII without spaces or ( ) { % * \" \\ ]",
            await client.ResultAsync("STORE 1 +FLAGS ($Ju%nk)"));
        Assert.Equal("BAD 'two words' is not a valid keyword: keywords are atoms: printable ASCII without spaces or ( ) { % * \" \\ ]",
            await client.ResultAsync("STORE 1 +FLAGS (\"two words\")"));
        Assert.Equal($"BAD unknown system flag '\\Junk' (the system flags are {SystemFlags}; keywords have no '\\')",
            await client.ResultAsync("STORE 1 +FLAGS (\\Seen \\Junk)"));
        Assert.StartsWith("BAD '\\Seen' is not a valid keyword", await client.ResultAsync("SEARCH KEYWORD \\Seen"));
        Assert.StartsWith("BAD 'ä' is not a valid keyword", await client.ResultAsync("SEARCH KEYWORD ä"));
        // \Recent cannot be set or cleared by a client; it is passed over.
        Assert.Equal("* 1 FETCH (FLAGS (\\Recent))", (await client.CommandAsync("STORE 1 -FLAGS (\\Recent)"))[0]);
        Assert.False(File.Exists(KeywordFile()));
        Assert.Equal("* 1 FETCH (FLAGS (\\Recent))", (await client.CommandAsync("FETCH 1 FLAGS"))[0]);
    }

    [Fact]
    public async Task A_folder_with_26_keywords_takes_no_new_one_but_stores_the_other_changes()
    {
        File.WriteAllLines(KeywordFile(), Enumerable.Range(0, 26).Select(i => $"{i} $label{i + 1}"));
        Maildir.Deliver(TestMaildir.Simple("one"));
        await using var client = await ImapTestClient.ConnectAsync(Server.Port);
        await client.LoginAsync();
        var select = await client.CommandAsync("SELECT INBOX");
        var permanent = Assert.Single(select, l => l.StartsWith("* OK [PERMANENTFLAGS", StringComparison.Ordinal));
        Assert.Contains("$label26)]", permanent);
        Assert.DoesNotContain("\\*", permanent);

        var store = await client.CommandAsync("STORE 1 +FLAGS (\\Flagged $Junk $label3)");
        Assert.Equal("* 1 FETCH (FLAGS (\\Flagged \\Recent $label3))", store[0]);
        Assert.Equal($"{client.LastTag} NO [LIMIT] not stored: $Junk; the folder has 26 keywords, the most it can keep (the other flags were stored)", store[^1]);
        Assert.Equal("* 1 FETCH (FLAGS (\\Flagged \\Recent $label3))", (await client.CommandAsync("FETCH 1 FLAGS"))[0]);
        Assert.Equal(26, File.ReadAllLines(KeywordFile()).Length);

        var message = TestMaildir.Simple("appended").ReplaceLineEndings("\r\n");
        var tag = client.NextTag();
        await client.SendAsync($"{tag} APPEND INBOX ($Junk $label4 \\Seen) {{{Encoding.ASCII.GetByteCount(message)}+}}\r\n{message}\r\n");
        Assert.Matches(@"OK \[APPENDUID \d+ 2\] APPEND completed; keywords not kept, the folder has 26 already: \$Junk$", (await client.ReadUntilTaggedAsync(tag))[^1]);
        Assert.Equal("* 2 FETCH (FLAGS (\\Seen $label4))", (await client.CommandAsync("FETCH 2 FLAGS"))[0]);
    }

    [Fact]
    public async Task Append_keeps_keywords_and_copy_and_move_carry_them_through_the_target_folders_own_list()
    {
        await using var client = await ImapTestClient.ConnectAsync(Server.Port);
        await client.LoginAsync();
        Assert.StartsWith("OK", await client.ResultAsync("CREATE Archive"));
        Assert.StartsWith("OK", await client.ResultAsync("CREATE Junk"));
        File.WriteAllText(KeywordFile("Archive"), "0 $Other\n");
        var message = TestMaildir.Simple("keep").ReplaceLineEndings("\r\n");
        var tag = client.NextTag();
        await client.SendAsync($"{tag} APPEND INBOX (\\Seen $Forwarded $Junk) {{{Encoding.ASCII.GetByteCount(message)}+}}\r\n{message}\r\n");
        Assert.Matches(@"OK \[APPENDUID \d+ 1\] APPEND completed$", (await client.ReadUntilTaggedAsync(tag))[^1]);
        Assert.Equal("0 $Forwarded\n1 $Junk\n", File.ReadAllText(KeywordFile()));
        Assert.EndsWith(":2,Sab", Assert.Single(CurFiles()));

        var select = await client.CommandAsync("SELECT INBOX");
        Assert.Contains($"* FLAGS ({SystemFlags} $Forwarded $Junk)", select);
        Assert.Contains("* 0 RECENT", select); // APPENDed by a client: recent for no one
        Assert.Equal("* 1 FETCH (FLAGS (\\Seen $Forwarded $Junk))", (await client.CommandAsync("FETCH 1 FLAGS"))[0]);

        Assert.StartsWith("OK [COPYUID", await client.ResultAsync("COPY 1 Archive"));
        Assert.Equal("0 $Other\n1 $Forwarded\n2 $Junk\n", File.ReadAllText(KeywordFile("Archive")));
        Assert.EndsWith(":2,Sbc", Assert.Single(CurFiles("Archive")));
        Assert.StartsWith("OK MOVE completed", await client.ResultAsync("MOVE 1 Junk"));
        Assert.EndsWith(":2,Sab", Assert.Single(CurFiles("Junk")));

        var junk = await client.CommandAsync("SELECT Junk");
        Assert.Contains($"* FLAGS ({SystemFlags} $Forwarded $Junk)", junk);
        Assert.Equal("* 1 FETCH (FLAGS (\\Seen $Forwarded $Junk))", (await client.CommandAsync("FETCH 1 FLAGS"))[0]);
        await client.CommandAsync("EXAMINE Archive");
        Assert.Equal("* 1 FETCH (FLAGS (\\Seen $Forwarded $Junk))", (await client.CommandAsync("FETCH 1 FLAGS"))[0]);
        Assert.Equal("* SEARCH 1", (await client.CommandAsync("SEARCH KEYWORD $Junk UNKEYWORD $Other"))[0]);
    }

    [Fact]
    public async Task Keywords_dovecot_left_in_a_maildir_are_read_and_kept()
    {
        File.WriteAllText(KeywordFile(), "0 $Junk\n1 NonJunk\n");
        var name = "1600000000.M20046P2137.mailserver,S=42,W=44";
        File.WriteAllText(Path.Combine(Maildir.Inbox, "cur", name + ":2,Sb"), "Subject: old\r\n\r\nhello\r\n");
        await using var client = await SelectedAsync();
        Assert.Equal("* 1 FETCH (FLAGS (\\Seen NonJunk))", (await client.CommandAsync("FETCH 1 FLAGS"))[0]);
        await client.CommandAsync("STORE 1 +FLAGS (\\Answered $Junk)");
        Assert.Equal([name + ":2,RSab"], CurFiles());
        Assert.Equal("0 $Junk\n1 NonJunk\n", File.ReadAllText(KeywordFile()));
    }
}
