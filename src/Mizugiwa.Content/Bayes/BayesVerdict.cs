namespace Mizugiwa.Content.Bayes;

/// <summary>What Bayes says of a message.</summary>
/// <param name="Probability">The spam probability 0..1, or null when the dictionary has not learned enough to vote.</param>
/// <param name="Dictionary">"global", or the user whose own dictionary was used.</param>
/// <param name="SpamLearned">Spam messages the dictionary has learned.</param>
/// <param name="HamLearned">Ham messages the dictionary has learned.</param>
/// <param name="TokensUsed">How many significant tokens were combined.</param>
public sealed record BayesVerdict(double? Probability, string Dictionary, long SpamLearned, long HamLearned, int TokensUsed)
{
    public bool Votes => Probability is not null;
}
