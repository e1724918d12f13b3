namespace Mizugiwa.Storage;

/// <summary>
/// What to look for in the transaction log; every field that is set must match. Addresses and
/// checks match case-insensitively; <see cref="Outcome"/> is accepted (2xx/3xx), deferred (4xx) or
/// rejected (5xx); for DELIVERY rows the enhanced status of the attempt decides, and the policy server's
/// DUNNO and PREPEND (Postfix goes on with the message) count as accepted.
/// </summary>
public sealed record DecisionLogQuery
{
    public string? ClientAddress { get; init; }
    public string? Sender { get; init; }
    /// <summary>Matches a row whose recipient list contains this address.</summary>
    public string? Recipient { get; init; }
    public string? QueueId { get; init; }
    public string? Check { get; init; }
    public string? Outcome { get; init; }
    public string? Stage { get; init; }
    public DateTimeOffset? Since { get; init; }
    public DateTimeOffset? Until { get; init; }
    public int Limit { get; init; } = 100;

    public static readonly IReadOnlyList<string> Outcomes = ["accepted", "deferred", "rejected"];

    /// <summary>The outcome of a logged reply (see <see cref="Outcome"/>), or "other".</summary>
    public static string OutcomeOf(string reply) => reply switch
    {
        "DUNNO" => "accepted",
        _ when reply.StartsWith("PREPEND ", StringComparison.Ordinal) => "accepted",
        { Length: > 0 } when reply[0] is '2' or '3' => "accepted",
        { Length: > 0 } when reply[0] == '4' => "deferred",
        { Length: > 0 } when reply[0] == '5' => "rejected",
        _ => "other",
    };
}
