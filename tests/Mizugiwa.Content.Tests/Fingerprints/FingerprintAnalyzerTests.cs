using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Content.Fingerprints;
using Mizugiwa.Core.State;
using Mizugiwa.Storage.State;
using MimeKit;

namespace Mizugiwa.Content.Tests.Fingerprints;

public sealed class FingerprintAnalyzerTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly EmbeddedStateStore _store;
    private readonly FingerprintDatabase _database;
    private readonly FingerprintAnalyzer _analyzer;

    public FingerprintAnalyzerTests()
    {
        _store = new EmbeddedStateStore(null, _time);
        _database = new FingerprintDatabase(_store, new FingerprintOptions(), _time);
        _analyzer = new FingerprintAnalyzer(_database);
    }

    public void Dispose() => _store.Dispose();

    private async Task<IReadOnlyList<ContentSymbol>> AnalyzeAsync(ContentMessage message)
    {
        var report = new ContentReport();
        await _analyzer.AnalyzeAsync(message, report, CancellationToken.None);
        return report.Symbols;
    }

    [Fact]
    public void RunsInTheAnalysisStage()
    {
        Assert.Equal("fingerprint", _analyzer.Name);
        Assert.Equal(ContentStage.Analysis, _analyzer.Stage);
    }

    [Fact]
    public async Task AnExactMatchAndAFuzzyMatchAreTwoSymbolsWithTheirIds()
    {
        var pdf = TestMessages.RandomBytes(3000, seed: 7);
        var added = await _database.AddAsync(TestMessages.Build(new Multipart("mixed")
        {
            new TextPart("plain") { Text = TestMessages.SpamText },
            TestMessages.Attachment(pdf, "prize.pdf", ContentEncoding.Base64),
        }));
        var exactId = added.Stored.Single(s => s.Part == "application/pdf prize.pdf").Id;
        var fuzzyId = added.Stored.Single(s => s.Kind == FingerprintKind.Fuzzy).Id;

        var symbols = await AnalyzeAsync(TestMessages.Build(new Multipart("mixed")
        {
            new TextPart("plain") { Text = TestMessages.SpamText.Replace("annual", "yearly 2026", StringComparison.Ordinal) },
            TestMessages.Attachment(pdf, "claim.pdf", ContentEncoding.Base64),
        }));
        var exact = Assert.Single(symbols, s => s.Name == FingerprintAnalyzer.Exact);
        Assert.Equal(6.0, exact.DefaultScore);
        Assert.Equal($"id={exactId} part=application/pdf claim.pdf", exact.Detail);
        var fuzzy = Assert.Single(symbols, s => s.Name == FingerprintAnalyzer.Fuzzy);
        Assert.Equal(4.0, fuzzy.DefaultScore);
        Assert.Matches($@"^id={fuzzyId} part=text/plain similarity=0\.\d\d$", fuzzy.Detail);
        Assert.Equal(2, symbols.Count);
    }

    [Fact]
    public async Task ATextThatMatchesExactlyIsNotCountedAgainFuzzily()
    {
        await _database.AddAsync(TestMessages.Text(TestMessages.SpamText));
        var symbol = Assert.Single(await AnalyzeAsync(TestMessages.Text(TestMessages.SpamText, "another subject")));
        Assert.Equal(FingerprintAnalyzer.Exact, symbol.Name);
    }

    [Fact]
    public async Task AMessageWithoutMatchesGetsNoSymbol()
    {
        await _database.AddAsync(TestMessages.Text(TestMessages.SpamText));
        Assert.Empty(await AnalyzeAsync(TestMessages.Text("Lunch at noon? The usual place near the station, I will reserve a table for four people.")));
    }

    [Fact]
    public async Task AStoreThatFailsGivesAZeroScoreSymbolInsteadOfAnException()
    {
        var analyzer = new FingerprintAnalyzer(new FingerprintDatabase(new FailingStore()));
        var report = new ContentReport();
        await analyzer.AnalyzeAsync(TestMessages.Text(TestMessages.SpamText), report, CancellationToken.None);
        var symbol = Assert.Single(report.Symbols);
        Assert.Equal(FingerprintAnalyzer.Unavailable, symbol.Name);
        Assert.Equal(0, symbol.DefaultScore);
        Assert.Contains("store down", symbol.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancellationIsNotHiddenAsAStoreFailure()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var analyzer = new FingerprintAnalyzer(new FingerprintDatabase(new FailingStore()));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await analyzer.AnalyzeAsync(TestMessages.Text(TestMessages.SpamText), new ContentReport(), cancelled.Token));
    }

    /// <summary>A store whose reads fail as a Redis without failover would (or throw for a cancelled token).</summary>
    private sealed class FailingStore : IStateStore
    {
        public ValueTask<StateEntry?> GetAsync(string key, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException("store down");
        }

        public ValueTask<IReadOnlyList<StateEntry?>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException("store down");
        }

        public ValueTask<long> AddToWindowAsync(string key, TimeSpan window, long amount, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask<long> GetWindowAsync(string key, TimeSpan window, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask<long> AdjustGaugeAsync(string key, long delta, TimeSpan ttl, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask<long> GetGaugeAsync(string key, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask SetAsync(string key, string value, TimeSpan ttl, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken) => throw new NotSupportedException();
        public ValueTask<IReadOnlyList<StateEntry>> ListAsync(string prefix, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
