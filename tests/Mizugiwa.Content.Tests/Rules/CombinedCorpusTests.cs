using System.Globalization;
using Mizugiwa.Content.Headers;
using Mizugiwa.Content.Rules;
using Mizugiwa.Content.Tests.Headers;
using Xunit.Abstractions;

namespace Mizugiwa.Content.Tests.Rules;

/// <summary>
/// Header heuristics and default rules together, default scores added up: how much of each corpus
/// group reaches a total. These analyzers are one voice among several (Bayes, URLs, authentication),
/// so the bar is only that ham stays low while a fair share of spam stands out.
/// </summary>
[Trait("Category", "Corpus")]
public sealed class CombinedCorpusTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Summed_default_scores_separate_spam_from_ham()
    {
        var rules = new RuleAnalyzer(RuleSet.LoadDefault());
        var table = await CorpusHitRates.MeasureAsync(time => [.. HeaderAnalyzers.Create(time), rules]);
        output.WriteLine("| total score | spam | ham | hard_ham |\n|---|---:|---:|---:|");
        foreach (var threshold in new[] { 2.0, 3.0, 4.0, 5.0, 6.0 })
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| >= {threshold} | {table.AtLeast(threshold, "spam"):P1} | {table.AtLeast(threshold, "ham"):P1} | {table.AtLeast(threshold, "hard_ham"):P1} |"));
        Assert.True(table.AtLeast(3, "ham") < 0.005, $"ham at 3 or more: {table.AtLeast(3, "ham"):P1}");
        Assert.True(table.AtLeast(2, "spam") > 0.40, $"spam at 2 or more: {table.AtLeast(2, "spam"):P1}");
    }
}
