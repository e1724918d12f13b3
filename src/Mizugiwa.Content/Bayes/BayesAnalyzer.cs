using System.Globalization;
using System.Data.Common;

namespace Mizugiwa.Content.Bayes;

/// <summary>
/// Adds one BAYES_nn symbol (and BAYES_999 at 0.999 and above) from the global dictionary, once it has
/// learned enough of both classes; nothing before. The message is scanned once for all recipients, so
/// per-user dictionaries are for callers that classify for one user (<see cref="BayesStore.ClassifyAsync(ContentMessage, string?, CancellationToken)"/>).
/// </summary>
public sealed class BayesAnalyzer(BayesStore store) : IContentAnalyzer
{
    public const string Unavailable = "BAYES_UNAVAILABLE";

    public string Name => "bayes";

    public IReadOnlyCollection<string> Symbols => [.. BayesSymbols.Bands.Select(b => b.Name), BayesSymbols.VeryHigh.Name, Unavailable];

    public ContentStage Stage => ContentStage.Analysis;

    public async ValueTask AnalyzeAsync(ContentMessage message, ContentReport report, CancellationToken cancellationToken)
    {
        BayesVerdict verdict;
        try { verdict = await store.ClassifyAsync(BayesTokenizer.Tokenize(message), null, cancellationToken); }
        catch (DbException e)
        {
            report.Add(Unavailable, 0, $"bayes database: {e.Message}");
            return;
        }
        if (verdict.Probability is not { } probability) return;
        var detail = string.Create(CultureInfo.InvariantCulture, $"p={probability:0.0000} tokens={verdict.TokensUsed}");
        if (verdict.Logistic is { } logistic)
            detail += string.Create(CultureInfo.InvariantCulture, $" chi2={verdict.Fisher:0.0000} logistic={logistic:0.0000}");
        foreach (var band in BayesSymbols.For(probability)) report.Add(band.Name, band.Score, detail);
    }
}
