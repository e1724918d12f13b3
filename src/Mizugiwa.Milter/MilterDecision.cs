using Mizugiwa.Milter.Protocol;

namespace Mizugiwa.Milter;

/// <summary>The answer to one message's end of body and what the log says of it.</summary>
/// <param name="Replies">Header edits, then the final reply.</param>
/// <param name="Reply">The final reply for the log: "550 5.7.1 …", or "continue +4 -1 headers".</param>
/// <param name="Rule">The content level's summary ("score=… action=… symbols=… modes=…") or why nothing was scanned.</param>
/// <param name="ContentAction">"none", "spam", "reject" or "unscanned", for the live counters.</param>
internal sealed record MilterDecision(IReadOnlyList<MilterPacket> Replies, string Reply, string Rule, string ContentAction)
{
    public static MilterDecision Unscanned(string reason) =>
        new([MilterReply.Continue], "continue", $"not scanned: {reason}", Mizugiwa.Smtp.Checks.ContentFilterResult.NotScanned);
}
