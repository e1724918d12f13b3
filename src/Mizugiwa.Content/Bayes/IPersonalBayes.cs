namespace Mizugiwa.Content.Bayes;

/// <summary>The recipients' own Bayes dictionaries, for judging one message for each of them.</summary>
public interface IPersonalBayes
{
    /// <summary>The verdict of each user's own dictionary that has learned enough to vote (keyed by the user as given); the others are left out.</summary>
    Task<IReadOnlyDictionary<string, BayesVerdict>> ClassifyOwnAsync(ContentMessage message, IReadOnlyCollection<string> users, CancellationToken cancellationToken = default);
}
