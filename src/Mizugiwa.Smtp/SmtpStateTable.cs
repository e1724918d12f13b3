namespace Mizugiwa.Smtp;

/// <summary>
/// Which command is allowed in which phase (RFC 5321 §4.1.4, RFC 3030, RFC 3207), and what to say
/// when it is not. Commands missing from the table are allowed in every phase.
/// </summary>
public static class SmtpStateTable
{
    private static readonly Dictionary<SmtpVerb, (SessionPhase[] Allowed, string Refusal)> Rules = new()
    {
        [SmtpVerb.Mail] = ([SessionPhase.Greeted], "send HELO/EHLO first, and MAIL only once per transaction"),
        [SmtpVerb.Rcpt] = ([SessionPhase.MailGiven, SessionPhase.RcptGiven], "need MAIL command"),
        [SmtpVerb.Data] = ([SessionPhase.MailGiven, SessionPhase.RcptGiven], "need RCPT command"),
        [SmtpVerb.Bdat] = ([SessionPhase.MailGiven, SessionPhase.RcptGiven], "need RCPT command"),
        [SmtpVerb.StartTls] = ([SessionPhase.Greeted], "STARTTLS only after EHLO and outside a mail transaction"),
        [SmtpVerb.Auth] = ([SessionPhase.Greeted], "AUTH only after EHLO and outside a mail transaction"),
        [SmtpVerb.Xclient] = ([SessionPhase.Connected, SessionPhase.Greeted], "XCLIENT not allowed in a mail transaction"),
    };

    public static bool IsAllowed(SmtpVerb verb, SessionPhase phase) =>
        !Rules.TryGetValue(verb, out var rule) || Array.IndexOf(rule.Allowed, phase) >= 0;

    public static string RefusalText(SmtpVerb verb) =>
        Rules.TryGetValue(verb, out var rule) ? rule.Refusal : "bad sequence of commands";

    /// <summary>The phase after a successful command, or null when the command leaves it unchanged.</summary>
    public static SessionPhase? NextPhase(SmtpVerb verb, SessionPhase current) => verb switch
    {
        SmtpVerb.Helo or SmtpVerb.Ehlo => SessionPhase.Greeted,
        SmtpVerb.Rset => current == SessionPhase.Connected ? SessionPhase.Connected : SessionPhase.Greeted,
        SmtpVerb.Mail => SessionPhase.MailGiven,
        SmtpVerb.Rcpt => SessionPhase.RcptGiven,
        SmtpVerb.Data => SessionPhase.Greeted,
        SmtpVerb.StartTls => SessionPhase.Connected,
        _ => null,
    };
}
