namespace Mizugiwa.Content.Bayes;

/// <summary>
/// The second vote of a dictionary: an online logistic regression over the same binary token features,
/// one weight per token row and a bias per dictionary, trained by one stochastic gradient step per
/// learned message. Naive Bayes counts each token on its own; the regression learns weights that
/// explain the training messages together, so it discounts tokens that always travel with others.
/// </summary>
public static class LogisticVote
{
    private const double Edge = 1e-6;

    /// <summary>The regression's spam probability for a message whose known tokens have these weights.</summary>
    public static double Probability(double bias, IEnumerable<double> weights) => Sigmoid(bias + weights.Sum());

    /// <summary>
    /// Both votes together: the mean of their log-odds. The mean rather than the sum keeps the result on the
    /// chi-square probability's scale, which the BAYES_nn bands were chosen for; the sum called more of the
    /// newsletters a dictionary never learned spam (docs/ACCURACY.md).
    /// </summary>
    public static double Combine(double fisher, double logistic) => Sigmoid((Logit(fisher) + Logit(logistic)) / 2);

    /// <summary>How far the prediction was from the label: the common factor of every weight's step.</summary>
    public static double Error(double predicted, bool spam) => (spam ? 1 : 0) - predicted;

    /// <summary>The change of one weight (or the bias, with no shrinkage) for a learned message.</summary>
    public static double Step(double error, double weight, BayesOptions options) =>
        options.LogisticRate * (error - options.LogisticShrinkage * weight);

    private static double Logit(double p)
    {
        p = Math.Clamp(p, Edge, 1 - Edge);
        return Math.Log(p / (1 - p));
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
}
