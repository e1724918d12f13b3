using Mizugiwa.Content.Bayes;

namespace Mizugiwa.Web.Admin;

/// <summary>One Bayes dictionary as the admin API and page show it: <paramref name="User"/> null for the global one.</summary>
/// <param name="Votes">It has learned enough spam and ham to judge mail.</param>
/// <param name="LogisticVotes">Its second (logistic) vote has learned enough to join; false when the vote is turned off.</param>
public sealed record BayesDictionaryView(string? User, long SpamLearned, long HamLearned, long Tokens, bool Votes, bool LogisticVotes);

/// <summary>What `mizugiwa bayes stats` shows, for the web: every dictionary, the global one first.</summary>
internal static class BayesAdmin
{
    public static async Task<IReadOnlyList<BayesDictionaryView>> ListAsync(BayesStore store, CancellationToken cancellationToken)
    {
        var o = store.Options;
        return [.. (await store.StatsAsync(cancellationToken)).Select(d => new BayesDictionaryView(d.User, d.SpamLearned, d.HamLearned, d.Tokens,
            o.Votes(d.SpamLearned, d.HamLearned), o.LogisticVotes(d.LogisticLearned)))];
    }
}
