using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Content.Fingerprints;
using Mizugiwa.Storage.State;

namespace Mizugiwa.Content.Tests.Fingerprints;

public sealed class TrailingFooterTests
{
    /// <summary>A SourceForge sponsor block and a Mailman footer, as in the SpamAssassin-talk posts of the corpus.</summary>
    private const string ListFooter = """


        -------------------------------------------------------
        This sf.net email is sponsored by: OSDN - Tired of that same old
        cell phone?  Get a new here for FREE!
        https://www.inphonic.com/r.asp?r=sourceforge1&refcode1=vs3390
        _______________________________________________
        Spamassassin-talk mailing list
        Spamassassin-talk@lists.sourceforge.net
        https://lists.sourceforge.net/lists/listinfo/spamassassin-talk
        """;

    [Fact]
    public void AListFooterAndASignatureAreCut()
    {
        Assert.Equal("Hello list,\nmy question.", TrailingFooter.Strip("Hello list,\nmy question.\n" + ListFooter).TrimEnd());
        Assert.Equal("Body text", TrailingFooter.Strip("Body text\n-- \nAlice\nExample Ltd"));
    }

    [Fact]
    public void TextWithoutAShortTrailingBlockIsKept()
    {
        var longTail = "Intro\n==============================\n" + string.Join(' ', Enumerable.Repeat("word", TrailingFooter.MaximumFooterWords + 1));
        Assert.Equal(longTail, TrailingFooter.Strip(longTail));
        Assert.Equal("a - b\n----- short rule\nc", TrailingFooter.Strip("a - b\n----- short rule\nc"));
    }

    [Fact]
    public async Task AHamPostedToTheSameListAsASpamDoesNotMatchItThroughTheFooter()
    {
        var time = new FakeTimeProvider();
        using var store = new EmbeddedStateStore(null, time);
        var database = new FingerprintDatabase(store, new FingerprintOptions(), time);
        var spam = "Make money fast from home with our proven system, thousands of people already earn five figures " +
                   "every month, no experience needed, click the link below and start today, limited places left!";
        await database.AddAsync(TestMessages.Text(spam + ListFooter));
        var ham = "Hi, does anyone have a collection of real-world spam that I could use to test my setup before " +
                  "I roll it out to the whole office next week? Thanks in advance for any pointers.";
        Assert.Empty(await database.MatchAsync(TestMessages.Text(ham + ListFooter)));
        var resent = spam.Replace("five figures", "six figures", StringComparison.Ordinal);
        Assert.Equal(FingerprintKind.Fuzzy, Assert.Single(await database.MatchAsync(TestMessages.Text(resent + ListFooter))).Kind);
    }
}
