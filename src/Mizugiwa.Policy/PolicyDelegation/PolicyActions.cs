using System.Text;
using Mizugiwa.Smtp;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.PolicyDelegation;

/// <summary>
/// Turns a verdict into a Postfix access(5) action. A refusal becomes its SMTP reply
/// (<c>451 4.7.1 Greylisted…</c>, <c>554 5.7.1 …</c>; Postfix disconnects after 421 and 521); a pass with
/// a header becomes <c>PREPEND Name: value</c>; anything else is <c>DUNNO</c>, so that Postfix goes on
/// with its next restriction. An accepting verdict is never answered with OK: that would skip the
/// restrictions after check_policy_service, reject_unauth_destination among them.
/// </summary>
public static class PolicyActions
{
    public const string Dunno = "DUNNO";
    /// <summary>What a failing decision (an exception, a timeout) answers: Postfix tries again later.</summary>
    public const string TemporaryFailure = "451 4.3.0 Temporary local problem, please try again later";

    private static readonly SmtpReply DefaultDefer = new(451, "4.7.1", "Try again later");
    private static readonly SmtpReply DefaultReject = new(554, "5.7.1", "Access denied");

    /// <summary>The action text (what follows <c>action=</c>) for <paramref name="verdict"/>; one line.</summary>
    public static string From(Verdict verdict)
    {
        if (verdict.IsFailure)
        {
            var deferral = verdict.Action is VerdictAction.Defer or VerdictAction.DeferDisconnect;
            var reply = verdict.Reply is { IsError: true, Code: < 600 } given ? given : deferral ? DefaultDefer : DefaultReject;
            var text = new StringBuilder().Append(reply.Code);
            if (reply.EnhancedCode is { Length: > 0 } enhanced) text.Append(' ').Append(enhanced);
            return text.Append(' ').Append(OneLine(string.Join(' ', reply.Lines))).ToString();
        }
        // Postfix takes one action per reply, so only the first header can be prepended.
        return verdict.Headers.Count > 0 ? $"PREPEND {OneLine(verdict.Headers[0].Name)}: {OneLine(verdict.Headers[0].Value)}" : Dunno;
    }

    /// <summary>Control characters (CR, LF, NUL, …) would end or corrupt the reply: they become spaces.</summary>
    internal static string OneLine(string text)
    {
        if (!text.Any(char.IsControl)) return text;
        return string.Create(text.Length, text, (span, source) =>
        {
            for (int i = 0; i < source.Length; i++) span[i] = char.IsControl(source[i]) ? ' ' : source[i];
        });
    }
}
