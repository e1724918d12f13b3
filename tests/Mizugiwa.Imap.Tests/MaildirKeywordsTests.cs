using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Imap.Tests.Support;
using Mizugiwa.Mailbox;
using Mizugiwa.Testing;

namespace Mizugiwa.Imap.Tests;

/// <summary>The folder's keyword list in Dovecot's <c>dovecot-keywords</c>, and keyword letters in the Maildir info.</summary>
public sealed class MaildirKeywordsTests : IDisposable
{
    private readonly TestMaildir _maildir = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-05T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private string KeywordFile => Path.Combine(_maildir.Inbox, MaildirKeywords.FileName);

    [Fact]
    public void Names_get_letters_in_order_and_the_file_is_dovecots_format()
    {
        var keywords = MaildirFolder.AddKeywords(_maildir.Inbox, ["$Junk", "$Forwarded"], out var refused);
        Assert.Empty(refused);
        Assert.Equal("0 $Junk\n1 $Forwarded\n", File.ReadAllText(KeywordFile));
        Assert.Equal("ab", keywords.LettersOf(["$Junk", "$Forwarded"]));
        Assert.Equal("b", keywords.LettersOf(["$forwarded"]));
        // Written in tmp/ and renamed: nothing left behind there.
        Assert.Empty(Directory.GetFiles(Path.Combine(_maildir.Inbox, "tmp")));

        var again = MaildirFolder.AddKeywords(_maildir.Inbox, ["$junk", "$MDNSent"], out _);
        Assert.Equal(["$Junk", "$Forwarded", "$MDNSent"], again.Names);
        Assert.Equal("0 $Junk\n1 $Forwarded\n2 $MDNSent\n", File.ReadAllText(KeywordFile));
    }

    [Fact]
    public void A_file_dovecot_wrote_is_read_and_bad_lines_are_passed_over_without_their_numbers_being_reused()
    {
        var keywords = MaildirKeywords.Parse(["0 $Junk", "x broken", "3 NonJunk", "4 has space", "30 $TooHigh", "", "3 $Second", "5 $junk"]);
        Assert.Equal(["$Junk", "NonJunk"], keywords.Names);
        Assert.Equal(3, keywords.IndexOf("nonjunk"));
        // Letters e (a line whose name is no keyword) and f (a second line for $Junk) may be on files, so they are not given out again.
        var grown = keywords.With(["$label1"], out var refused);
        Assert.Empty(refused);
        Assert.Equal(6, grown.IndexOf("$label1"));
        Assert.Equal(["$Junk", "NonJunk"], keywords.Names); // the old one unchanged
        Assert.Same(grown, grown.With(["$LABEL1"], out _));
    }

    [Fact]
    public void A_folder_keeps_at_most_26_keywords_and_says_which_found_no_room()
    {
        var names = Enumerable.Range(1, 25).Select(i => $"$label{i}").ToList();
        MaildirFolder.AddKeywords(_maildir.Inbox, names, out _);
        var full = MaildirFolder.AddKeywords(_maildir.Inbox, ["$Junk", "$NotJunk", "$label3"], out var refused);
        Assert.True(full.IsFull);
        Assert.Equal(["$NotJunk"], refused);
        Assert.Equal(25, full.IndexOf("$Junk"));
        Assert.Equal(26, File.ReadAllLines(KeywordFile).Length);
        Assert.EndsWith("25 $Junk", File.ReadAllLines(KeywordFile)[^1]);
    }

    [Fact]
    public async Task Sessions_adding_keywords_at_once_all_find_theirs_in_the_file()
    {
        var names = Enumerable.Range(0, 20).Select(i => $"$k{i}").ToList();
        using var start = new Barrier(names.Count);
        await Task.WhenAll(names.Select(name => Task.Run(() =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(10));
            MaildirFolder.AddKeywords(_maildir.Inbox, [name], out _);
        })));
        var keywords = MaildirKeywords.Load(_maildir.Inbox);
        Assert.Equal(names.Order(StringComparer.Ordinal), keywords.Names.Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Range(0, 20), names.Select(n => keywords.IndexOf(n)!.Value).Order());
    }

    [Fact]
    public async Task A_new_keyword_waits_for_another_process_holding_the_folder_and_gives_up_with_the_lock_busy()
    {
        MaildirFolder.AddKeywords(_maildir.Inbox, ["$Junk"], out _);
        using (await OtherProcessLock.TakeAsync(Path.Combine(_maildir.Inbox, MaildirFolder.LockFileName)))
        {
            // A known name needs no turn; a new one does, and the other process keeps it past the 5 s wait.
            Assert.Equal(0, MaildirFolder.AddKeywords(_maildir.Inbox, ["$junk"], out _).IndexOf("$Junk"));
            Assert.Throws<LockBusyException>(() => MaildirFolder.AddKeywords(_maildir.Inbox, ["$Forwarded"], out _));
        }
        Assert.Equal("0 $Junk\n", File.ReadAllText(KeywordFile));
    }

    [Fact]
    public void Info_letters_stay_in_ascii_order_keep_what_is_unknown_and_follow_the_keyword_list()
    {
        var keywords = MaildirKeywords.Parse(["0 $Junk", "1 $Forwarded", "3 $label1"]);
        Assert.Equal("x:2,Sab", MessageFlagText.FileName("x", MessageFlags.Seen, keywordLetters: "ba"));
        // Named letters follow the list (b dropped, d added); c has no name and P is no flag of ours, so they stay; so do Dovecot's extra fields.
        Assert.Equal("x:2,FPacd,W=123", MessageFlagText.FileName("x", MessageFlags.Flagged, "x:2,PSabc,W=123", keywords.LettersOf(["$Junk", "$LABEL1"]), keywords));
        // Without a keyword list (a \Seen set by FETCH) every keyword letter stays.
        Assert.Equal("x:2,Sabc", MessageFlagText.FileName("x", MessageFlags.Seen, "x:2,abc"));
        Assert.Equal(["$Forwarded", "$label1"], keywords.FromFileName("x:2,RSbcd,W=5"));
        Assert.Equal(MessageFlags.Answered | MessageFlags.Seen, MessageFlagText.FromFileName("x:2,RSbcd,W=5"));
        Assert.Equal("(\\Seen \\Recent $Junk)", MessageFlagText.List(MessageFlags.Seen, ["$Junk"], recent: true));
    }

    [Fact]
    public void A_sync_reads_keywords_from_the_file_names_and_claims_new_mail_as_recent_for_the_one_who_moved_it()
    {
        File.WriteAllText(KeywordFile, "0 $Junk\n1 NonJunk\n");
        var old = Path.Combine(_maildir.Inbox, "cur", "1600000000.M1P1Q1.test:2,Sb");
        File.WriteAllText(old, "Subject: old\r\n\r\nx\r\n");
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddDays(-1));
        _maildir.Deliver(TestMaildir.Simple("new"));

        var look = MaildirFolder.Sync(_maildir.Inbox, _time);
        Assert.Equal([2L], look.Recent);
        var claim = MaildirFolder.Sync(_maildir.Inbox, _time, claimNew: true);
        Assert.Equal([2L], claim.Recent);
        Assert.Equal(["NonJunk"], claim.Messages[0].Keywords);
        Assert.Equal(MessageFlags.Seen, claim.Messages[0].Flags);
        Assert.Empty(MaildirFolder.Sync(_maildir.Inbox, _time, claimNew: true).Recent);
        Assert.Empty(MaildirFolder.Sync(_maildir.Inbox, _time).Recent);

        var message = claim.Messages[1];
        var keywords = MaildirFolder.AddKeywords(_maildir.Inbox, ["$Forwarded"], out _);
        Assert.True(MaildirFolder.SetFlags(_maildir.Inbox, message, MessageFlags.Seen, Keyword.SetOf(["$forwarded", "$junk"]), keywords));
        Assert.EndsWith(":2,Sac", message.Path);
        Assert.Equal(["$Forwarded", "$Junk"], message.Keywords);
        Assert.Equal(["$Forwarded", "$Junk"], MaildirFolder.Sync(_maildir.Inbox, _time).Messages[1].Keywords);
    }

    public void Dispose() => _maildir.Dispose();
}
