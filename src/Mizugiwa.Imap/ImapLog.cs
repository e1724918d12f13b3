using Microsoft.Extensions.Logging;

namespace Mizugiwa.Imap;

/// <summary>One line per session outcome and per login, grep-able like the SMTP log: <c>imap id=… client=… user=… …</c></summary>
internal static partial class ImapLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "imap id={SessionId} disconnect client={Client} user={User} tls={Tls} commands={Commands} bad={Bad} reason={Reason}")]
    public static partial void Disconnect(ILogger logger, string sessionId, string client, string user, bool tls, int commands, int bad, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "imap id={SessionId} stage=LOGIN client={Client} mechanism={Mechanism} user={User} result=\"{Result}\"")]
    public static partial void Login(ILogger logger, string sessionId, string client, string mechanism, string user, string result);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "imap id={SessionId} stage=LOGIN client={Client} mechanism={Mechanism} user={User} auth failed: failures client={AddressFailures} user={AccountFailures} delay={DelayMs}ms lockout={LockedOut}")]
    public static partial void LoginFailed(ILogger logger, string sessionId, string client, string mechanism, string user, long addressFailures, long accountFailures, long delayMs, bool lockedOut);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
        Message = "imap id={SessionId} client={Client} state store error: {Error}")]
    public static partial void StateError(ILogger logger, string sessionId, string client, string error);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error,
        Message = "imap id={SessionId} client={Client} user={User} mailbox error in {Command}: {Error}")]
    public static partial void MailboxError(ILogger logger, string sessionId, string client, string user, string command, string error);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information,
        Message = "imap id={SessionId} stage=ID client={Client} user={User} name=\"{ClientName}\" version=\"{ClientVersion}\"")]
    public static partial void ClientIdentified(ILogger logger, string sessionId, string client, string user, string clientName, string clientVersion);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information,
        Message = "imap id={SessionId} client={Client} user={User} reported {Count} message(s) as {Verdict} by {Command} from {From} to {To}, {Learned} new to the filter")]
    public static partial void JunkReported(ILogger logger, string sessionId, string client, string user, int count, string verdict, string command, string from, string to, int learned);
}
