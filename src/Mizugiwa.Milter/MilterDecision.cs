using Mizugiwa.Milter.Protocol;

namespace Mizugiwa.Milter;

/// <summary>The answer to one message's end of body and what the log says of it.</summary>
/// <param name="Replies">Header edits, then the final reply.</param>
/// <param name="Reply">
/// The final reply for the log and the transaction log, which sort decisions by its first digit as they sort the SMTP
/// listener's: the refusal we send ("550 5.7.1 …"), or for <c>continue</c> the 250 the MTA then gives its client,
/// with what was done to the message ("250 continue +4 -1 headers").
/// </param>
/// <param name="Rule">The content level's summary ("score=… action=… symbols=… modes=…") or why nothing was scanned.</param>
/// <param name="ContentAction">"none", "spam", "reject" or "unscanned", for the live counters.</param>
internal sealed record MilterDecision(IReadOnlyList<MilterPacket> Replies, string Reply, string Rule, string ContentAction)
{
    public static MilterDecision Unscanned(string reason) =>
        new([MilterReply.Continue], Accepted(), $"not scanned: {reason}", Mizugiwa.Smtp.Checks.ContentFilterResult.NotScanned);

    /// <summary>The log's reply for a message let through: "250 continue", then the edits when there are any.</summary>
    public static string Accepted(string? edits = null) => edits is null ? "250 continue" : $"250 continue {edits}";
}
