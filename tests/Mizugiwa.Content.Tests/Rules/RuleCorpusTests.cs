using Mizugiwa.Content.Rules;
using Mizugiwa.Content.Tests.Headers;
using Xunit.Abstractions;

namespace Mizugiwa.Content.Tests.Rules;

/// <summary>
/// The default rules on the SpamAssassin public corpus: no rule may fire on much ham, and together
/// they must see more spam than ham. The table (copied into docs/RULES.md) is written to the test output.
/// </summary>
[Trait("Category", "Corpus")]
public sealed class RuleCorpusTests(ITestOutputHelper output)
{
    private const double MaxHamRate = 0.02;

    [Fact]
    public async Task No_default_rule_fires_on_more_than_2_percent_of_ham()
    {
        var analyzer = new RuleAnalyzer(RuleSet.LoadDefault());
        var table = await CorpusHitRates.MeasureAsync(_ => [analyzer]);
        output.WriteLine(table.Format());
        var noisy = table.Hits.Keys.Where(s => table.Rate(s, "ham") > MaxHamRate).ToList();
        Assert.True(noisy.Count == 0, $"fire on too much ham: {string.Join(", ", noisy)}\n{table.Format()}");
        Assert.True(table.Hits.Keys.Sum(s => table.Rate(s, "spam")) > 5 * table.Hits.Keys.Sum(s => table.Rate(s, "ham")));
    }
}
