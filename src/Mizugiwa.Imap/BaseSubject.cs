using System.Text.RegularExpressions;

namespace Mizugiwa.Imap;

/// <summary>
/// RFC 5256 §2.1: the subject without what replies and forwards put around it ("Re:", "Fwd:", "[list]", "(fwd)",
/// "[Fwd: …]"), so that SORT SUBJECT puts a message beside its replies.
/// </summary>
internal static partial class BaseSubject
{
    public static string Of(string? subject) => Extract(subject).Text;

    /// <summary>
    /// Whether extracting the base subject removed a reply or forward marker ("Re:", "Fwd:", "(fwd)", "[Fwd: …]");
    /// a list tag alone does not count. THREAD=REFERENCES uses it when it gathers threads by subject (RFC 5256 §4).
    /// </summary>
    public static bool IsReplyOrForward(string? subject) => Extract(subject).ReplyOrForward;

    private static (string Text, bool ReplyOrForward) Extract(string? subject)
    {
        var text = Spaces().Replace(subject ?? "", " ").Trim();
        bool replyOrForward = false;
        while (true)
        {
            var before = text;
            var trimmed = TrailingFwd().Replace(text, "");
            replyOrForward |= trimmed != text;
            text = trimmed;
            while (true)
            {
                var leader = Leader().Match(text);
                replyOrForward |= leader.Success;
                var leaderRemoved = leader.Success ? text[leader.Length..] : text;
                var blob = LeadingBlob().Match(leaderRemoved);
                if (blob.Success && blob.Length < leaderRemoved.Length) leaderRemoved = leaderRemoved[blob.Length..];
                if (leaderRemoved == text) break;
                text = leaderRemoved;
            }
            var wrapped = FwdWrapper().Match(text);
            if (wrapped.Success) { text = wrapped.Groups[1].Value.Trim(); replyOrForward = true; }
            if (text == before) return (text, replyOrForward);
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    // subj-trailer: "(fwd)" at the end, with the spaces before it.
    [GeneratedRegex(@"(\s*\(fwd\))+\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex TrailingFwd();

    // subj-leader: blobs, then re / fw / fwd, an optional blob and ':'.
    [GeneratedRegex(@"^(\[[^\[\]]*\]\s*)*(re|fwd?)\s*(\[[^\[\]]*\])?:\s*", RegexOptions.IgnoreCase)]
    private static partial Regex Leader();

    [GeneratedRegex(@"^\[[^\[\]]*\]\s*")]
    private static partial Regex LeadingBlob();

    // subj-fwd-hdr / subj-fwd-trl: "[fwd: " subject "]".
    [GeneratedRegex(@"^\[fwd:\s*(.*)\]$", RegexOptions.IgnoreCase)]
    private static partial Regex FwdWrapper();
}
