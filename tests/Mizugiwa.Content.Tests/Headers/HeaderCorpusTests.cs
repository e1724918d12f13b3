using Mizugiwa.Content.Headers;
using Xunit.Abstractions;

namespace Mizugiwa.Content.Tests.Headers;

/// <summary>
/// The header heuristics on the SpamAssassin public corpus: no symbol may fire on much ham. The table
/// (copied into docs/RULES.md) is written to the test output.
/// </summary>
[Trait("Category", "Corpus")]
public sealed class HeaderCorpusTests(ITestOutputHelper output)
{
    private const double MaxHamRate = 0.03;

    [Fact]
    public async Task No_header_symbol_fires_on_more_than_3_percent_of_ham()
    {
        var table = await CorpusHitRates.MeasureAsync(time => HeaderAnalyzers.Create(time));
        output.WriteLine(table.Format());
        output.WriteLine($"left out (no Received field): {table.LeftOut}");
        Assert.True(table.Messages["spam"] > 1800, $"{table.Messages["spam"]} spam measured");
        var noisy = table.Hits.Keys.Where(s => table.Rate(s, "ham") > MaxHamRate).ToList();
        Assert.True(noisy.Count == 0, $"fire on too much ham: {string.Join(", ", noisy)}\n{table.Format()}");
    }
}
