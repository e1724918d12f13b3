using System.Globalization;
using Mizugiwa.Content.Bayes;

namespace Mizugiwa.Content.Scoring;

/// <summary>A scan scored again for one recipient, with their own Bayes dictionary's verdict in place of the global one.</summary>
public static class OwnBayesScore
{
    /// <summary>Score 0: tells the recipient, in X-Spam-Status, that their own training decided.</summary>
    public const string Symbol = "BAYES_OWN";

    public static ContentVerdict Rescore(ContentScanner scanner, ContentVerdict shared, BayesVerdict own)
    {
        var probability = own.Probability ?? throw new ArgumentException("the dictionary did not vote", nameof(own));
        var detail = string.Create(CultureInfo.InvariantCulture, $"p={probability:0.0000} dictionary={own.Dictionary}");
        return scanner.Score(shared.Report.WithSymbols(s => s.Name.StartsWith("BAYES_", StringComparison.Ordinal),
            [.. BayesSymbols.For(probability).Select(b => new ContentSymbol(b.Name, b.Score, detail)), new ContentSymbol(Symbol, 0, detail)]));
    }
}
