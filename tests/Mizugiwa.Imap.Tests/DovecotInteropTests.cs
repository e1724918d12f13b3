using Mizugiwa.Imap.Tests.Support;

namespace Mizugiwa.Imap.Tests;

/// <summary>
/// The keywords on disk are Dovecot's own format: Debian's Dovecot, opened on the same Maildir, sees the keywords our
/// sessions stored, and ours see the ones it stored (dovecot-keywords and the info letters, in both directions).
/// </summary>
public sealed class DovecotInteropTests : ImapServerTest
{
    [Fact]
    public async Task Dovecot_reads_the_keywords_we_store_and_we_read_the_ones_it_stores()
    {
        Maildir.Deliver(TestMaildir.Simple("one"));
        Maildir.Deliver(TestMaildir.Simple("two"));
        await using (var client = await ImapTestClient.ConnectAsync(Server.Port))
        {
            await client.LoginAsync();
            await client.CommandAsync("SELECT INBOX");
            Assert.EndsWith("OK STORE completed", (await client.CommandAsync("STORE 1 +FLAGS (\\Seen $Junk)"))[^1]);
            Assert.EndsWith("OK STORE completed", (await client.CommandAsync("STORE 2 +FLAGS ($Forwarded $label1)"))[^1]);
        }

        var dovecot = await DovecotImap.RunAsync(Maildir.Root, Maildir.Inbox,
            "a SELECT INBOX", "b FETCH 1:* (FLAGS)", "c STORE 1 +FLAGS.SILENT ($MDNSent)", "d STORE 2 -FLAGS.SILENT ($Forwarded)", "e LOGOUT");
        var lines = dovecot.Split("\r\n");
        Assert.Contains(lines, l => l.StartsWith("* FLAGS (", StringComparison.Ordinal) && l.Contains("$Junk $Forwarded $label1)", StringComparison.Ordinal));
        Assert.Contains("* 1 FETCH (FLAGS (\\Seen \\Recent $Junk))", lines);
        Assert.Contains("* 2 FETCH (FLAGS (\\Recent $Forwarded $label1))", lines);
        Assert.Contains(lines, l => l.StartsWith("d OK", StringComparison.Ordinal));
        Assert.Equal("0 $Junk\n1 $Forwarded\n2 $label1\n3 $MDNSent\n", File.ReadAllText(Path.Combine(Maildir.Inbox, MaildirKeywords.FileName)));

        await using var again = await ImapTestClient.ConnectAsync(Server.Port);
        await again.LoginAsync();
        await again.CommandAsync("SELECT INBOX");
        var fetch = await again.CommandAsync("FETCH 1:* (FLAGS)");
        Assert.Equal("* 1 FETCH (FLAGS (\\Seen $Junk $MDNSent))", fetch[0]);
        Assert.Equal("* 2 FETCH (FLAGS ($label1))", fetch[1]);
    }
}
