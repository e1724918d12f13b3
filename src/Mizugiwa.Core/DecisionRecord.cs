namespace Mizugiwa.Core;

/// <summary>
/// One SMTP decision (or delivery attempt, stage DELIVERY) as it goes into the transaction log; <see cref="Node"/> names the server that wrote it.
/// <see cref="ContentAction"/> is what the content level made of the message at end of DATA ("none", "spam", "reject", "unscanned"), for the
/// live counters; it is not stored (the summary in <see cref="Rule"/> says it for the log).
/// </summary>
public sealed record DecisionRecord(
    DateTimeOffset Time,
    string SessionId,
    string Stage,
    string ClientAddress,
    string? ClientName,
    string? Helo,
    string? Sender,
    string? Recipient,
    string? Check,
    string? Rule,
    string Reply,
    string? QueueId,
    string? Node = null,
    string? ContentAction = null);

/// <summary>Where decisions are kept for later search. Recording must not block the session.</summary>
public interface IDecisionLog
{
    void Record(DecisionRecord decision);
}

public sealed class NoDecisionLog : IDecisionLog
{
    public static readonly NoDecisionLog Instance = new();
    public void Record(DecisionRecord decision) { }
}
