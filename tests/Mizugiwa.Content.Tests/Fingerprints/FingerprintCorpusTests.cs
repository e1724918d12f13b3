using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Content.Fingerprints;
using Mizugiwa.Storage.State;
using Xunit.Abstractions;

namespace Mizugiwa.Content.Tests.Fingerprints;

/// <summary>50 spam of the SpamAssassin corpus as known spam: resent variants must match, 200 ham must not.</summary>
public sealed class FingerprintCorpusTests(ITestOutputHelper output) : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
    private EmbeddedStateStore? _store;

    public void Dispose() => _store?.Dispose();

    private async Task<(FingerprintDatabase Database, List<ContentMessage> Spam, List<FingerprintAddResult> Added)> FiftySpamAsync()
    {
        _store = new EmbeddedStateStore(null, _time);
        var database = new FingerprintDatabase(_store, new FingerprintOptions(), _time);
        var spam = Corpus.Files("spam", 50).Select(Corpus.Read).ToList();
        var added = new List<FingerprintAddResult>();
        foreach (var message in spam) added.Add(await database.AddAsync(message));
        return (database, spam, added);
    }

    [Fact]
    public async Task TwoHundredHamMatchNoneOfFiftySpam()
    {
        var (database, _, added) = await FiftySpamAsync();
        output.WriteLine($"stored: {added.Sum(a => a.Stored.Count(s => s.Kind == FingerprintKind.Exact))} exact, {added.Sum(a => a.Stored.Count(s => s.Kind == FingerprintKind.Fuzzy))} fuzzy");
        var falseMatches = new List<string>();
        foreach (var file in Corpus.Files("easy_ham", 200))
        {
            foreach (var match in await database.MatchAsync(Corpus.Read(file)))
                falseMatches.Add($"{Path.GetFileName(file)}: {match}");
        }
        output.WriteLine($"false matches: {falseMatches.Count} / 200 ham");
        Assert.Empty(falseMatches);
    }

    [Fact]
    public async Task EverySpamMatchesItself()
    {
        var (database, spam, added) = await FiftySpamAsync();
        for (int i = 0; i < spam.Count; i++)
        {
            var matches = await database.MatchAsync(spam[i]);
            Assert.True(matches.Count > 0 || added[i].Stored.Count == 0, $"spam #{i} does not match its own fingerprints");
        }
        Assert.True(added.Count(a => a.Stored.Count > 0) >= 48, "nearly every spam should get a fingerprint");
    }

    /// <summary>
    /// Each spam whose first text part has at least 40 words is resent with 3 words changed, 3 random
    /// tokens or numbers inserted, in a new structure (HTML or plain alternately) with new headers and
    /// boundary: every one must still match its own fuzzy fingerprint.
    /// </summary>
    [Fact]
    public async Task SpamResentWithSmallRandomChangesStillMatchesFuzzily()
    {
        var (database, spam, added) = await FiftySpamAsync();
        var options = database.Options;
        int tried = 0;
        var missed = new List<string>();
        var similarities = new List<double>();
        for (int i = 0; i < spam.Count; i++)
        {
            if (spam[i].Parts.Texts.Count == 0 || MinHashSignature.Of(spam[i].Parts.Texts[0].Text, options) is not { Words: >= 40 }) continue;
            tried++;
            var resent = SpamResend.Of(spam[i], seed: i, changedWords: 3, insertedTokens: 3);
            var fuzzy = (await database.MatchAsync(resent)).Where(m => m.Kind == FingerprintKind.Fuzzy).ToList();
            var own = added[i].Stored.Where(s => s.Kind == FingerprintKind.Fuzzy).Select(s => s.Id).ToHashSet();
            var hit = fuzzy.FirstOrDefault(m => own.Contains(m.Id));
            if (hit is null) missed.Add($"spam #{i}");
            else similarities.Add(hit.Similarity);
        }
        output.WriteLine($"resent: {tried - missed.Count} / {tried} matched; similarity min {similarities.Min():0.00}, mean {similarities.Average():0.00}");
        Assert.True(tried >= 40, $"only {tried} spam with 40 words or more");
        Assert.Empty(missed);
    }
}
