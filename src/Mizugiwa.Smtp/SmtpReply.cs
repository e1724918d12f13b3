using System.Text;

namespace Mizugiwa.Smtp;

/// <summary>One SMTP reply: a 3-digit code, an RFC 3463 enhanced status code and text lines.</summary>
public sealed record SmtpReply(int Code, string? EnhancedCode, params string[] Lines)
{
    public bool IsSuccess => Code < 400;
    public bool IsError => Code >= 400;

    /// <summary>The reply on one line as it appears in the log.</summary>
    public override string ToString() =>
        EnhancedCode is null ? $"{Code} {Lines[0]}" : $"{Code} {EnhancedCode} {Lines[0]}";

    public byte[] ToWire()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < Lines.Length; i++)
        {
            sb.Append(Code).Append(i == Lines.Length - 1 ? ' ' : '-');
            if (EnhancedCode is not null) sb.Append(EnhancedCode).Append(' ');
            sb.Append(Lines[i]).Append("\r\n");
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}

/// <summary>The replies the session gives, in one place so their codes are easy to review.</summary>
internal static class Replies
{
    public static SmtpReply Ok { get; } = new(250, "2.0.0", "Ok");
    public static SmtpReply SenderOk { get; } = new(250, "2.1.0", "Ok");
    public static SmtpReply RecipientOk { get; } = new(250, "2.1.5", "Ok");
    public static SmtpReply StartMailInput { get; } = new(354, null, "End data with <CR><LF>.<CR><LF>");
    public static SmtpReply Bye { get; } = new(221, "2.0.0", "Bye");
    public static SmtpReply CannotVerify { get; } = new(252, "2.0.0", "Cannot VRFY user, but will accept message and attempt delivery");
    public static SmtpReply Help { get; } = new(214, "2.0.0", "Commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP STARTTLS", "See RFC 5321");
    public static SmtpReply ReadyForTls { get; } = new(220, "2.0.0", "Ready to start TLS");
    public static SmtpReply TlsNotAvailable { get; } = new(454, "4.7.0", "TLS not available");
    public static SmtpReply UnknownCommand { get; } = new(500, "5.5.2", "Error: command not recognized");
    public static SmtpReply NotImplemented { get; } = new(502, "5.5.1", "Error: command not implemented");
    public static SmtpReply LineTooLong { get; } = new(500, "5.5.2", "Error: line too long");
    public static SmtpReply NulInCommand { get; } = new(500, "5.5.2", "Error: NUL character in command");
    public static SmtpReply BadCommandEncoding { get; } = new(500, "5.5.2", "Error: command is not valid UTF-8");
    public static SmtpReply HeloSyntax(string verb) => new(501, "5.5.4", $"Syntax: {verb} hostname");
    public static SmtpReply BadSequence(string text) => new(503, "5.5.1", $"Error: {text}");
    public static SmtpReply SyntaxError(string text) => new(501, "5.5.4", $"Syntax error: {text}");
    public static SmtpReply BadSender(string text) => new(501, "5.1.7", $"Bad sender address syntax: {text}");
    public static SmtpReply BadRecipient(string text) => new(501, "5.1.3", $"Bad recipient address syntax: {text}");
    public static SmtpReply UnsupportedParameter(string name) => new(555, "5.5.4", $"Unsupported parameter {name}");
    public static SmtpReply BadParameter(string text) => new(501, "5.5.4", $"Bad parameter: {text}");
    public static SmtpReply Utf8NeedsSmtputf8 { get; } = new(553, "5.6.7", "Non-ASCII address needs the SMTPUTF8 parameter");
    public static SmtpReply SizeExceeded { get; } = new(552, "5.3.4", "Message size exceeds fixed limit");
    public static SmtpReply TooManyRecipients { get; } = new(452, "4.5.3", "Error: too many recipients");
    public static SmtpReply UnknownUser(string address) => new(550, "5.1.1", $"<{address}>: Recipient address rejected: User unknown");
    /// <summary>RFC 3463 X.2.1: the mailbox exists but takes no mail.</summary>
    public static SmtpReply MailboxDisabled(string address) => new(550, "5.2.1", $"<{address}>: Recipient address rejected: mailbox disabled");
    /// <summary>RFC 3463 X.2.2, temporary: the sender may try again once the user has made room.</summary>
    public static SmtpReply MailboxFull(string address) => new(452, "4.2.2", $"<{address}>: mailbox full, try again later");
    public static SmtpReply RelayDenied(string address) => new(554, "5.7.1", $"<{address}>: Relay access denied");
    public static SmtpReply NoValidRecipients { get; } = new(554, "5.5.1", "Error: no valid recipients");
    public static SmtpReply Queued(string queueId) => new(250, "2.0.0", $"Ok: queued as {queueId}");
    public static SmtpReply ChunkReceived(long octets) => new(250, "2.0.0", $"Ok: {octets} octets received");
    public static SmtpReply BareLineEnding { get; } = new(550, "5.6.0", "Message rejected: bare <CR> or <LF> found; lines must end with <CR><LF>");
    public static SmtpReply TextLineTooLong(int limit) => new(550, "5.6.0", $"Message rejected: a line is longer than {limit} octets");
    public static SmtpReply WriteError { get; } = new(451, "4.3.0", "Error: queue file write error, try again later");
    public static SmtpReply LocalError { get; } = new(451, "4.3.0", "Error: local problem, try again later");
    public static SmtpReply TooManyErrors { get; } = new(421, "4.7.0", "Error: too many errors");
    public static SmtpReply Timeout { get; } = new(421, "4.4.2", "Error: timeout exceeded");
    public static SmtpReply ShuttingDown { get; } = new(421, "4.3.2", "Service shutting down, try again later");
    public static SmtpReply AccessDenied { get; } = new(554, "5.7.1", "Access denied");
    public static SmtpReply TooManyConnections { get; } = new(421, "4.7.0", "Too many connections, try again later");
}
