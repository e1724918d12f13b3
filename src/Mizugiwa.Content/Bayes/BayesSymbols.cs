namespace Mizugiwa.Content.Bayes;

/// <summary>
/// The symbols of a Bayes probability, SpamAssassin's bands: exactly one BAYES_nn, plus BAYES_999 on
/// top of BAYES_99 at 0.999 and above. The scores of the spammy bands are tuned on the corpus (see
/// docs/ACCURACY.md): with them the whole content level catches the most spam while losing at most
/// 0.1 % of ham; p >= 0.80 alone is spam.
/// </summary>
public static class BayesSymbols
{
    /// <param name="Name">The symbol.</param>
    /// <param name="From">Lowest probability of the band (inclusive).</param>
    /// <param name="Score">Default score.</param>
    public sealed record Band(string Name, double From, double Score);

    /// <summary>Highest band first; a probability gets the first band whose From it reaches.</summary>
    public static readonly IReadOnlyList<Band> Bands =
    [
        new("BAYES_99", 0.99, 5.0),
        new("BAYES_95", 0.95, 5.0),
        new("BAYES_80", 0.80, 5.0),
        new("BAYES_60", 0.60, 4.0),
        new("BAYES_50", 0.40, 1.5),
        new("BAYES_40", 0.20, -0.001),
        new("BAYES_20", 0.05, -0.001),
        new("BAYES_05", 0.01, -0.5),
        new("BAYES_00", 0.00, -2.0),
    ];

    public static readonly Band VeryHigh = new("BAYES_999", 0.999, 0.5);

    public static IReadOnlyList<Band> For(double probability)
    {
        var band = Bands.First(b => probability >= b.From);
        return probability >= VeryHigh.From ? [band, VeryHigh] : [band];
    }

    /// <summary>The total default score of a probability (BAYES_99 + BAYES_999 = 5.5 at most).</summary>
    public static double Score(double probability) => For(probability).Sum(b => b.Score);
}
