namespace Mizugiwa.Smtp;

public enum SmtpVerb { Unknown, Helo, Ehlo, Mail, Rcpt, Data, Bdat, Rset, Noop, Quit, Vrfy, Expn, Help, StartTls, Auth, Xclient }

/// <summary>Where the session stands; which verbs are allowed in each phase is in <see cref="SmtpStateTable"/>.</summary>
public enum SessionPhase
{
    /// <summary>Greeting sent, no HELO/EHLO yet (also after STARTTLS).</summary>
    Connected,
    /// <summary>HELO/EHLO done, no transaction.</summary>
    Greeted,
    /// <summary>MAIL accepted, no recipient yet.</summary>
    MailGiven,
    /// <summary>At least one recipient accepted.</summary>
    RcptGiven,
}

/// <summary>A command line split into its verb and the rest.</summary>
public readonly record struct SmtpCommand(SmtpVerb Verb, string Name, string Argument)
{
    public static SmtpCommand Parse(string line)
    {
        int space = line.IndexOf(' ');
        var name = space < 0 ? line : line[..space];
        var argument = space < 0 ? "" : line[(space + 1)..].Trim(' ');
        var verb = name.ToUpperInvariant() switch
        {
            "HELO" => SmtpVerb.Helo,
            "EHLO" => SmtpVerb.Ehlo,
            "MAIL" => SmtpVerb.Mail,
            "RCPT" => SmtpVerb.Rcpt,
            "DATA" => SmtpVerb.Data,
            "BDAT" => SmtpVerb.Bdat,
            "RSET" => SmtpVerb.Rset,
            "NOOP" => SmtpVerb.Noop,
            "QUIT" => SmtpVerb.Quit,
            "VRFY" => SmtpVerb.Vrfy,
            "EXPN" => SmtpVerb.Expn,
            "HELP" => SmtpVerb.Help,
            "STARTTLS" => SmtpVerb.StartTls,
            "AUTH" => SmtpVerb.Auth,
            "XCLIENT" => SmtpVerb.Xclient,
            _ => SmtpVerb.Unknown,
        };
        return new SmtpCommand(verb, name, argument);
    }
}
