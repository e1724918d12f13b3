using Mizugiwa.Content.Bayes;

/// <summary>
/// Chooses the scores of the spammy Bayes bands from a fixed grid on the tuning half of the folds
/// (test folds 0 .. folds/2-1): the most spam caught by the whole content level (score >= 5) while
/// at most 0.1 % of the ham (easy and hard) of that half is lost; ties go to the lower scores. The
/// choice is then reported on the other half, which played no part in it.
/// </summary>
internal static class WeightSweep
{
    public const double Threshold = 5.0;
    public const double MaxHamLost = 0.001;

    public sealed record Choice(IReadOnlyDictionary<string, double> Weights, int Candidates, bool WithinLimit);

    public static Choice Choose(IReadOnlyList<Result> results, int folds)
    {
        var tuning = results.Where(r => IsTuning(r.Sample.Fold, folds)).ToList();
        var spam = tuning.Where(r => r.Sample.Spam).ToList();
        var ham = tuning.Where(r => !r.Sample.Spam).ToList();
        var allowed = (int)Math.Floor(ham.Count * MaxHamLost);
        Dictionary<string, double>? best = null;
        (int Within, int Primary, int Spam, double Sum) bestKey = default;
        var candidates = 0;
        foreach (var b50 in new[] { 0.0, 0.4, 0.8, 1.5 })
        foreach (var b60 in new[] { 0.5, 1.0, 2.0, 2.5, 3.0, 3.5, 4.0 })
        foreach (var b80 in new[] { 1.5, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0 })
        foreach (var b95 in new[] { 3.5, 4.0, 4.5, 5.0 })
        foreach (var b99 in new[] { 4.0, 4.5, 5.0 })
        {
            if (!(b50 <= b60 && b60 <= b80 && b80 <= b95 && b95 <= b99)) continue;
            candidates++;
            var weights = new Dictionary<string, double> { ["BAYES_50"] = b50, ["BAYES_60"] = b60, ["BAYES_80"] = b80, ["BAYES_95"] = b95, ["BAYES_99"] = b99 };
            var hamLost = ham.Count(r => IsSpam(r, weights));
            var spamCaught = spam.Count(r => IsSpam(r, weights));
            // Within the ham limit: the most spam. Should nothing in the grid keep to it: the least ham lost.
            var key = hamLost <= allowed ? (1, spamCaught, spamCaught, -weights.Values.Sum()) : (0, -hamLost, spamCaught, -weights.Values.Sum());
            if (best is null || key.CompareTo(bestKey) > 0) { best = weights; bestKey = key; }
        }
        return new Choice(best!, candidates, bestKey.Within == 1);
    }

    public static bool IsTuning(int fold, int folds) => fold < folds / 2;

    public static bool IsSpam(Result r, IReadOnlyDictionary<string, double>? weights) => r.Sample.StaticScore + BayesScore(r.Probability, weights) >= Threshold;

    /// <summary>The Bayes symbols' total score with the given band scores (the defaults for bands not named).</summary>
    public static double BayesScore(double probability, IReadOnlyDictionary<string, double>? weights) =>
        BayesSymbols.For(probability).Sum(b => weights is not null && weights.TryGetValue(b.Name, out var w) ? w : b.Score);
}
