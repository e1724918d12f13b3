namespace Mizugiwa.Content.Bayes;

/// <summary>
/// Gary Robinson's token probability and Fisher's inverse chi-square combining, as SpamBayes and
/// SpamAssassin use them: the spamminess S and hamminess H of the significant tokens, each tested
/// against chance, give the indicator (1 + H - S) / 2 where H and S are the chi-square evidence.
/// </summary>
public static class FisherCombiner
{
    /// <summary>
    /// Robinson's f(w) = (s·x + n·p(w)) / (s + n), with p(w) Graham's ratio of the token's spam frequency to
    /// its spam plus ham frequency and n the number of learned messages that had it.
    /// </summary>
    public static double TokenProbability(long spamWith, long hamWith, long spamLearned, long hamLearned, BayesOptions options)
    {
        spamWith = Math.Min(spamWith, spamLearned);
        hamWith = Math.Min(hamWith, hamLearned);
        var n = spamWith + hamWith;
        if (n == 0 || spamLearned == 0 || hamLearned == 0) return options.UnknownTokenProbability;
        var spamRatio = (double)spamWith / spamLearned;
        var hamRatio = (double)hamWith / hamLearned;
        var p = spamRatio / (spamRatio + hamRatio);
        return (options.Strength * options.UnknownTokenProbability + n * p) / (options.Strength + n);
    }

    /// <summary>
    /// The upper tail Q(x2 | v) of the chi-square distribution for an even number of degrees of freedom:
    /// e^(-m) · Σ_{i&lt;v/2} m^i / i! with m = x2/2, summed in logarithms so that no term underflows.
    /// </summary>
    public static double ChiSquareQ(double chiSquare, int degreesOfFreedom)
    {
        if (degreesOfFreedom <= 0 || degreesOfFreedom % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), "must be even and positive");
        if (chiSquare <= 0) return 1.0;
        var m = chiSquare / 2;
        var logM = Math.Log(m);
        double logTerm = -m, logSum = -m;
        for (var i = 1; i < degreesOfFreedom / 2; i++)
        {
            logTerm += logM - Math.Log(i);
            logSum = LogAdd(logSum, logTerm);
        }
        return Math.Min(1.0, Math.Exp(logSum));
    }

    /// <summary>The combined spam probability of token probabilities (0.5 when there are none).</summary>
    public static double Combine(IReadOnlyCollection<double> probabilities)
    {
        if (probabilities.Count == 0) return 0.5;
        double logSpam = 0, logHam = 0;
        foreach (var f in probabilities)
        {
            var p = Math.Clamp(f, 1e-300, 1 - 1e-16);
            logHam += Math.Log(p);
            logSpam += Math.Log(1 - p);
        }
        var degrees = 2 * probabilities.Count;
        var s = 1 - ChiSquareQ(-2 * logSpam, degrees);
        var h = 1 - ChiSquareQ(-2 * logHam, degrees);
        return (1 + s - h) / 2;
    }

    /// <summary>The tokens to combine: those further than MinDeviation from 0.5, the strongest MaxSignificantTokens of them.</summary>
    public static List<double> Significant(IEnumerable<double> probabilities, BayesOptions options) =>
        [.. probabilities
            .Where(f => Math.Abs(f - 0.5) > options.MinDeviation)
            .OrderByDescending(f => Math.Abs(f - 0.5))
            .Take(options.MaxSignificantTokens)];

    private static double LogAdd(double a, double b) =>
        a > b ? a + Math.Log(1 + Math.Exp(b - a)) : b + Math.Log(1 + Math.Exp(a - b));
}
