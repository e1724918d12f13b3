using System.Globalization;

namespace Mizugiwa.Content.Fingerprints;

/// <summary>
/// Looks the message's parts up in the <see cref="FingerprintDatabase"/>: FINGERPRINT_EXACT when a
/// part is identical to a part of a known spam, FINGERPRINT_FUZZY when a text part (without an
/// exact match) is similar enough to a known spam's text. A store that cannot be read gives
/// FINGERPRINT_UNAVAILABLE (score 0) instead of failing the scan.
/// </summary>
public sealed class FingerprintAnalyzer(FingerprintDatabase database) : IContentAnalyzer
{
    public const string Exact = "FINGERPRINT_EXACT";
    public const string Fuzzy = "FINGERPRINT_FUZZY";
    public const string Unavailable = "FINGERPRINT_UNAVAILABLE";
    public const double ExactScore = 6.0;
    public const double FuzzyScore = 4.0;

    public string Name => "fingerprint";

    public IReadOnlyCollection<string> Symbols => [Exact, Fuzzy, Unavailable];

    public ContentStage Stage => ContentStage.Analysis;

    public async ValueTask AnalyzeAsync(ContentMessage message, ContentReport report, CancellationToken cancellationToken)
    {
        IReadOnlyList<FingerprintMatch> matches;
        try
        {
            matches = await database.MatchAsync(message, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            report.Add(Unavailable, 0, e.GetType().Name + ": " + e.Message);
            return;
        }
        var exact = matches.Where(m => m.Kind == FingerprintKind.Exact).ToList();
        if (exact.Count > 0) report.Add(Exact, ExactScore, Describe(exact, withSimilarity: false));
        var fuzzy = matches.Where(m => m.Kind == FingerprintKind.Fuzzy).OrderByDescending(m => m.Similarity).ToList();
        if (fuzzy.Count > 0) report.Add(Fuzzy, FuzzyScore, Describe(fuzzy, withSimilarity: true));
    }

    /// <summary>E.g. "id=3f0c9a1b2c3d4e5f part=text/html similarity=0.83 (+1 more)".</summary>
    private static string Describe(List<FingerprintMatch> matches, bool withSimilarity)
    {
        var first = matches[0];
        var detail = $"id={first.Id} part={first.Part}";
        if (withSimilarity) detail += " similarity=" + first.Similarity.ToString("0.00", CultureInfo.InvariantCulture);
        return matches.Count > 1 ? $"{detail} (+{matches.Count - 1} more)" : detail;
    }
}
