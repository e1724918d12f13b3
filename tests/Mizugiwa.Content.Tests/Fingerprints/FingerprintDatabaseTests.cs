using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Content.Fingerprints;
using Mizugiwa.Storage.State;
using MimeKit;

namespace Mizugiwa.Content.Tests.Fingerprints;

public sealed class FingerprintDatabaseTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly EmbeddedStateStore _store;
    private readonly FingerprintDatabase _database;

    public FingerprintDatabaseTests()
    {
        _store = new EmbeddedStateStore(null, _time);
        _database = new FingerprintDatabase(_store, new FingerprintOptions(), _time);
    }

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task AnIdenticalAttachmentInADifferentMessageMatchesExactly()
    {
        var pdf = TestMessages.RandomBytes(5000, seed: 1);
        var spam = TestMessages.Build(new Multipart("mixed")
        {
            new TextPart("plain") { Text = "Please see the attached invoice." },
            TestMessages.Attachment(pdf, "invoice.pdf", ContentEncoding.Base64),
        });
        var added = await _database.AddAsync(spam, "spam.eml");
        var stored = Assert.Single(added.Stored);
        Assert.Equal(FingerprintKind.Exact, stored.Kind);
        Assert.Equal("application/pdf invoice.pdf", stored.Part);
        // The short text got neither kind of fingerprint.
        Assert.Contains(added.Skipped, s => s.Part == "text/plain" && s.Kind == FingerprintKind.Exact);
        Assert.Contains(added.Skipped, s => s.Part == "text/plain" && s.Kind == FingerprintKind.Fuzzy);

        var other = TestMessages.Build(new Multipart("mixed")
        {
            new TextPart("html") { Text = "<p>Your order is ready, the details are attached.</p>" },
            TestMessages.Attachment(pdf, "order-7731.pdf", ContentEncoding.QuotedPrintable),
        }, subject: "order 7731");
        var match = Assert.Single(await _database.MatchAsync(other));
        Assert.Equal(new FingerprintMatch(stored.Id, FingerprintKind.Exact, "application/pdf order-7731.pdf", 1.0), match);

        var changedByOneByte = (byte[])pdf.Clone();
        changedByOneByte[2500] ^= 1;
        Assert.Empty(await _database.MatchAsync(TestMessages.Build(TestMessages.Attachment(changedByOneByte, "invoice.pdf", ContentEncoding.Base64))));
    }

    [Fact]
    public async Task ASpamResentWithChangesInADifferentWrappingMatchesFuzzily()
    {
        var added = await _database.AddAsync(TestMessages.Text(TestMessages.SpamText, "You have won"));
        var fuzzy = Assert.Single(added.Stored, s => s.Kind == FingerprintKind.Fuzzy);

        var resent = TestMessages.SpamText
            .Replace("one million dollars", "two million euros", StringComparison.Ordinal)
            .Replace("seven days", "48 hours ref 88123-XK", StringComparison.Ordinal)
            .Replace("Dear friend", "Dear valued customer qzwxplm", StringComparison.Ordinal);
        var html = new Multipart("alternative")
        {
            new TextPart("html") { Text = $"<html><body><div style=\"font:12px\"><b>WINNER</b><br>{System.Net.WebUtility.HtmlEncode(resent)}</div></body></html>" },
        };
        var match = Assert.Single(await _database.MatchAsync(TestMessages.Build(html, "Claim now 5531")));
        Assert.Equal(FingerprintKind.Fuzzy, match.Kind);
        Assert.Equal(fuzzy.Id, match.Id);
        Assert.Equal("text/html", match.Part);
        Assert.InRange(match.Similarity, 0.5, 0.99);
    }

    [Fact]
    public async Task TheTextAndHtmlVersionsOfOneBodyAreOneFuzzyFingerprint()
    {
        var body = new Multipart("alternative")
        {
            new TextPart("plain") { Text = TestMessages.SpamText },
            new TextPart("html") { Text = $"<html><body><p>{TestMessages.SpamText}</p></body></html>" },
        };
        var added = await _database.AddAsync(TestMessages.Build(body));
        Assert.Single(added.Stored, s => s.Kind == FingerprintKind.Fuzzy);
        Assert.Contains(added.Skipped, s => s.Kind == FingerprintKind.Fuzzy && s.Reason.Contains("same text", StringComparison.Ordinal));
        // Both text parts have the same collapsed text: one exact fingerprint.
        Assert.Single(added.Stored, s => s.Kind == FingerprintKind.Exact);
        Assert.Equal(2, (await _database.ListAsync()).Count);
    }

    [Fact]
    public async Task AnUnrelatedMessageDoesNotMatch()
    {
        await _database.AddAsync(TestMessages.Text(TestMessages.SpamText));
        var ham = "Hi Bob, the meeting about the quarterly budget moved to Thursday at ten. Could you bring the printed " +
                  "figures for the second quarter and the notes from last week? Alice will book the small room upstairs " +
                  "and order coffee. Let me know if Thursday does not work for you and we will find another slot.";
        Assert.Empty(await _database.MatchAsync(TestMessages.Text(ham)));
    }

    [Fact]
    public async Task ListShowsWhatWasAddedAndRemoveForgetsIt()
    {
        var added = await _database.AddAsync(TestMessages.Text(TestMessages.SpamText, "You have won"), "lottery.eml");
        Assert.Equal(2, added.Stored.Count);
        var listed = await _database.ListAsync();
        Assert.Equal(added.Stored.Select(s => (s.Id, s.Kind)).Order(), listed.Select(e => (e.Id, e.Kind)).Order());
        Assert.All(listed, e =>
        {
            Assert.Equal("lottery.eml", e.Source);
            Assert.Equal("You have won", e.Subject);
            Assert.Equal(_time.GetUtcNow() + TimeSpan.FromDays(180), e.ExpiresAt);
        });

        foreach (var stored in added.Stored) Assert.True(await _database.RemoveAsync(stored.Id));
        Assert.Empty(await _database.ListAsync());
        Assert.Empty(await _database.MatchAsync(TestMessages.Text(TestMessages.SpamText)));
        Assert.Empty(await _store.ListAsync("fp:", CancellationToken.None)); // no band key left behind
        Assert.False(await _database.RemoveAsync(added.Stored[0].Id));
        Assert.False(await _database.RemoveAsync("not-an-id"));
    }

    [Fact]
    public async Task RemovingOneFingerprintKeepsAnotherThatSharesItsBands()
    {
        var first = await _database.AddAsync(TestMessages.Text(TestMessages.SpamText));
        var second = await _database.AddAsync(TestMessages.Text(TestMessages.SpamText.Replace("Congratulations again.", "Best wishes from the board.", StringComparison.Ordinal)));
        foreach (var stored in first.Stored) Assert.True(await _database.RemoveAsync(stored.Id));
        var match = Assert.Single(await _database.MatchAsync(TestMessages.Text(TestMessages.SpamText)));
        Assert.Equal(second.Stored.Single(s => s.Kind == FingerprintKind.Fuzzy).Id, match.Id);
    }

    [Fact]
    public async Task FingerprintsExpireUnlessTheSpamIsAddedAgain()
    {
        var spam = TestMessages.Text(TestMessages.SpamText);
        await _database.AddAsync(spam);
        _time.Advance(TimeSpan.FromDays(100));
        await _database.AddAsync(spam); // refreshes: 180 days from now
        _time.Advance(TimeSpan.FromDays(100));
        // A text part with an exact match is not also matched fuzzily.
        Assert.Equal(FingerprintKind.Exact, Assert.Single(await _database.MatchAsync(spam)).Kind);
        _time.Advance(TimeSpan.FromDays(81));
        Assert.Empty(await _database.MatchAsync(spam));
        Assert.Empty(await _database.ListAsync());
    }

    [Fact]
    public async Task AScannedMessageIsLookedUpOnlyInItsFirstParts()
    {
        var pdf = TestMessages.RandomBytes(1000, seed: 5);
        var database = new FingerprintDatabase(_store, new FingerprintOptions { MaximumExactLookups = 2, MaximumFuzzyLookups = 2 }, _time);
        await database.AddAsync(TestMessages.Build(new Multipart("mixed")
        {
            new TextPart("plain") { Text = TestMessages.SpamText },
            TestMessages.Attachment(pdf, "a.pdf", ContentEncoding.Base64),
        }));
        string Filler(int i) => $"Filler part {i} " + string.Join(' ', Enumerable.Range(0, 30).Select(j => $"w{(char)('a' + (i + j) % 26)}{(char)('a' + j % 26)}"));
        Multipart Body(int fillers)
        {
            var body = new Multipart("mixed");
            for (int i = 0; i < fillers; i++) body.Add(new TextPart("plain") { Text = Filler(i) });
            body.Add(new TextPart("plain") { Text = TestMessages.SpamText.Replace("annual", "yearly", StringComparison.Ordinal) });
            body.Add(TestMessages.Attachment(pdf, "b.pdf", ContentEncoding.Base64));
            return body;
        }
        Assert.Equal(2, (await database.MatchAsync(TestMessages.Build(Body(0)))).Count);
        Assert.Equal([FingerprintKind.Fuzzy], (await database.MatchAsync(TestMessages.Build(Body(1)))).Select(m => m.Kind));
        Assert.Empty(await database.MatchAsync(TestMessages.Build(Body(2))));
    }
}
