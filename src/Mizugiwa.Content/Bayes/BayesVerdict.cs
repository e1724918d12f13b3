namespace Mizugiwa.Content.Bayes;

/// <summary>What Bayes says of a message.</summary>
/// <param name="Probability">The spam probability 0..1 (chi-square and logistic votes combined), or null when the dictionary has not learned enough to vote.</param>
/// <param name="Dictionary">"global", or the user whose own dictionary was used.</param>
/// <param name="SpamLearned">Spam messages the dictionary has learned.</param>
/// <param name="HamLearned">Ham messages the dictionary has learned.</param>
/// <param name="TokensUsed">How many significant tokens were combined.</param>
public sealed record BayesVerdict(double? Probability, string Dictionary, long SpamLearned, long HamLearned, int TokensUsed)
{
    /// <summary>The chi-square combining of the token counts alone (null when the dictionary did not vote).</summary>
    public double? Fisher { get; init; }

    /// <summary>The logistic vote alone (null when it is off or the dictionary did not vote); Probability combines both.</summary>
    public double? Logistic { get; init; }

    public bool Votes => Probability is not null;
}
