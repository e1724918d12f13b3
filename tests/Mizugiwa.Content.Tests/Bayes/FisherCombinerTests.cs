using Mizugiwa.Content.Bayes;

namespace Mizugiwa.Content.Tests.Bayes;

/// <summary>Expected values are from chi-square tables and from SpamBayes' chi2Q/chi2_spamprob computed independently.</summary>
public sealed class FisherCombinerTests
{
    [Theory]
    [InlineData(2.0, 2, 0.36787944117144233)]     // e^-1
    [InlineData(10.0, 4, 0.040427681994512805)]   // e^-5 (1 + 5)
    [InlineData(18.307, 10, 0.05000058909139812)] // the 5% critical value for 10 degrees of freedom
    [InlineData(9.488, 4, 0.04999440557799463)]
    [InlineData(0.0, 6, 1.0)]
    public void Chi_square_upper_tail_matches_known_values(double chiSquare, int degrees, double expected) =>
        Assert.Equal(expected, FisherCombiner.ChiSquareQ(chiSquare, degrees), 1e-12);

    [Fact]
    public void Chi_square_tail_far_out_is_tiny_but_finite_instead_of_underflowing_early()
    {
        var q = FisherCombiner.ChiSquareQ(1400, 300);
        Assert.InRange(q, 0, 1e-100);
        Assert.False(double.IsNaN(q));
    }

    [Theory]
    [InlineData(new[] { 0.99, 0.99 }, 0.999389817151418)]
    [InlineData(new[] { 0.99, 0.2 }, 0.7360160816312634)]
    [InlineData(new[] { 0.9, 0.8, 0.3, 0.05 }, 0.48199428569799124)]
    [InlineData(new[] { 0.2, 0.3 }, 0.1720531428319773)]
    public void Combining_matches_spambayes(double[] probabilities, double expected) =>
        Assert.Equal(expected, FisherCombiner.Combine(probabilities), 1e-12);

    [Fact]
    public void One_token_combines_to_itself_none_to_one_half_and_the_result_is_symmetric()
    {
        Assert.Equal(0.87, FisherCombiner.Combine([0.87]), 1e-12);
        Assert.Equal(0.5, FisherCombiner.Combine([]));
        double[] spammy = [.. Enumerable.Range(0, 150).Select(i => 0.95 + i / 10_000.0)];
        Assert.Equal(1 - FisherCombiner.Combine(spammy), FisherCombiner.Combine([.. spammy.Select(p => 1 - p)]), 1e-12);
        Assert.True(FisherCombiner.Combine(spammy) > 0.9999);
    }

    [Fact]
    public void Robinson_token_probability_leans_on_x_for_rare_tokens()
    {
        var options = BayesOptions.Default with { Strength = 1.0 };
        // seen in 1 of 100 spam and none of 100 ham: p = 1, f = (0.5 + 1) / 2
        Assert.Equal(0.75, FisherCombiner.TokenProbability(1, 0, 100, 100, options), 1e-12);
        // 30 of 100 spam, 10 of 200 ham: p = 0.3 / (0.3 + 0.05), n = 40
        Assert.Equal((0.5 + 40 * (0.3 / 0.35)) / 41, FisherCombiner.TokenProbability(30, 10, 100, 200, options), 1e-12);
        Assert.Equal(0.5, FisherCombiner.TokenProbability(0, 0, 100, 100, options));
    }

    [Fact]
    public void The_default_strength_lets_a_rare_token_speak_more()
    {
        // s = 0.25: f = (0.25 * 0.5 + 1 * 1) / (0.25 + 1)
        Assert.Equal(0.9, FisherCombiner.TokenProbability(1, 0, 100, 100, BayesOptions.Default), 1e-12);
        Assert.Equal(0.1, FisherCombiner.TokenProbability(0, 1, 100, 100, BayesOptions.Default), 1e-12);
    }

    [Fact]
    public void By_default_only_clear_evidence_is_combined()
    {
        // |f - 0.5| must exceed 0.3: 0.75 and 0.3 are left out
        Assert.Equal([0.01, 0.98, 0.1], FisherCombiner.Significant([0.55, 0.1, 0.98, 0.75, 0.01, 0.3], BayesOptions.Default));
    }

    [Fact]
    public void Only_tokens_far_enough_from_one_half_are_combined_and_at_most_n_of_them()
    {
        var options = BayesOptions.Default with { MaxSignificantTokens = 3, MinDeviation = 0.1 };
        Assert.Equal([0.01, 0.98, 0.1], FisherCombiner.Significant([0.55, 0.1, 0.98, 0.6, 0.01, 0.3], options));
    }
}
