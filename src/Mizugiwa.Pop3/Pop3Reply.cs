using System.Text;

namespace Mizugiwa.Pop3;

/// <summary>
/// A one-line status reply: <c>+OK text</c> or <c>-ERR [CODE] text</c>, with an RFC 2449 / RFC 3206
/// response code (AUTH, IN-USE, LOGIN-DELAY, SYS/TEMP, SYS/PERM) where one fits.
/// </summary>
internal sealed record Pop3Reply(bool Ok, string Text, string? Code = null)
{
    public static Pop3Reply Success(string text) => new(true, text);
    public static Pop3Reply Error(string text, string? code = null) => new(false, text, code);

    public override string ToString() => (Ok ? "+OK" : "-ERR") + (Code is null ? "" : $" [{Code}]") + (Text.Length == 0 ? "" : " " + Text);

    public byte[] ToWire() => Encoding.UTF8.GetBytes(ToString() + "\r\n");
}

/// <summary>The replies that more than one place gives.</summary>
internal static class Pop3Replies
{
    public static readonly Pop3Reply AuthFailed = Pop3Reply.Error("Authentication failed", "AUTH");
    public static readonly Pop3Reply TlsRequired = Pop3Reply.Error("Log in only after STLS (TLS); passwords are not taken in clear text", "AUTH");
    public static readonly Pop3Reply LockedOut = Pop3Reply.Error("Too many failed logins from your address; try again later", "LOGIN-DELAY");
    public static readonly Pop3Reply TemporaryFailure = Pop3Reply.Error("Temporary authentication failure; try again later", "SYS/TEMP");
    public static readonly Pop3Reply InUse = Pop3Reply.Error("Mailbox is in use by another session", "IN-USE");
    public static readonly Pop3Reply MailboxUnavailable = Pop3Reply.Error("Mailbox cannot be opened now; try again later", "SYS/TEMP");
    public static readonly Pop3Reply Timeout = Pop3Reply.Error("Idle for too long, closing connection");
    public static readonly Pop3Reply ShuttingDown = Pop3Reply.Error("Server shutting down; nothing was deleted", "SYS/TEMP");
    public static readonly Pop3Reply TooManyErrors = Pop3Reply.Error("Too many bad commands, closing connection");
    public static readonly Pop3Reply TooManyConnections = Pop3Reply.Error("Too many connections; try again later", "SYS/TEMP");
    public static readonly Pop3Reply LineTooLong = Pop3Reply.Error("Command line too long");
    public static readonly Pop3Reply NotUtf8 = Pop3Reply.Error("Command line is not valid UTF-8 or contains NUL");
}
