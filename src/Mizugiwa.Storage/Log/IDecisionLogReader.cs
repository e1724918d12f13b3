using Mizugiwa.Core;

namespace Mizugiwa.Storage;

/// <summary>Reads the transaction log: a search newest first, and one message's story in time order.</summary>
public interface IDecisionLogReader
{
    Task<IReadOnlyList<DecisionRecord>> SearchAsync(DecisionLogQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Everything about one queued message in time order: the SMTP session that sent it (connect,
    /// HELO, MAIL, each RCPT and its checks, DATA) and every delivery attempt.
    /// </summary>
    Task<IReadOnlyList<DecisionRecord>> StoryAsync(string queueId, CancellationToken cancellationToken);

    /// <summary>Rows since a time, counted per hour, stage, reply class, check and spam verdict.</summary>
    Task<IReadOnlyList<DecisionCount>> CountByHourAsync(DateTimeOffset since, CancellationToken cancellationToken);
}
