namespace Mizugiwa.Content.Bayes;

/// <summary>How Bayes weighs tokens and when it has learned enough to vote.</summary>
public sealed record BayesOptions
{
    public static readonly BayesOptions Default = new();

    /// <summary>
    /// Robinson's s: how strongly the background probability holds against few observations. 0.25 was
    /// chosen on the tuning half of the corpus folds (docs/ACCURACY.md): against 1.0 it lets rarer tokens
    /// speak, which together with MinDeviation 0.3 halves the never-learned newsletters called spam.
    /// </summary>
    public double Strength { get; init; } = 0.25;

    /// <summary>Robinson's x: the probability assumed for a token with no observations.</summary>
    public double UnknownTokenProbability { get; init; } = 0.5;

    /// <summary>At most this many tokens, the furthest from x, are combined.</summary>
    public int MaxSignificantTokens { get; init; } = 150;

    /// <summary>A token is combined only when |f(w) - 0.5| exceeds this (only clear evidence is combined; chosen with Strength).</summary>
    public double MinDeviation { get; init; } = 0.3;

    /// <summary>A dictionary votes only when it has learned at least this many spam ...</summary>
    public int MinSpamLearned { get; init; } = 200;

    /// <summary>... and this many ham messages.</summary>
    public int MinHamLearned { get; init; } = 200;

    /// <summary>
    /// Learning rate of the logistic regression each dictionary learns beside its counts (one step per
    /// learned message). Its log-odds are averaged with the chi-square probability's: the two rank spam
    /// differently enough that together they rank better than either (docs/ACCURACY.md, where 0.05 and the
    /// shrinkage were chosen on the tuning half). 0 turns the second vote off.
    /// </summary>
    public double LogisticRate { get; init; } = 0.05;

    /// <summary>L2 shrinkage of the logistic weights at each step: keeps single rare tokens from deciding alone.</summary>
    public double LogisticShrinkage { get; init; } = 0.1;

    /// <summary>Whether a dictionary that learned this many spam and ham messages votes.</summary>
    public bool Votes(long spamLearned, long hamLearned) => spamLearned >= MinSpamLearned && hamLearned >= MinHamLearned;

    /// <summary>Messages a dictionary's logistic vote must have learned before it joins: both minimums together.</summary>
    public long LogisticNeeds => MinSpamLearned + MinHamLearned;

    /// <summary>Whether the logistic vote is on and has learned <see cref="LogisticNeeds"/> messages.</summary>
    public bool LogisticVotes(long logisticLearned) => LogisticRate > 0 && logisticLearned >= LogisticNeeds;

    /// <summary>A message a user learns also goes into the global dictionary.</summary>
    public bool UserLearningFeedsGlobal { get; init; } = true;

    /// <summary>Messages learned per transaction in bulk training.</summary>
    public int BulkBatchSize { get; init; } = 500;
}
