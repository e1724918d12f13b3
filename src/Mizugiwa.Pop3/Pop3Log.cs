using Microsoft.Extensions.Logging;

namespace Mizugiwa.Pop3;

/// <summary>
/// One line per login decision and one per session, grep-able like the SMTP log:
/// <c>pop3 id=… login client=… user=… reply="…"</c>, <c>pop3 id=… disconnect client=… user=… retrieved=… deleted=… reason=…</c>.
/// </summary>
internal static partial class Pop3Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "pop3 id={SessionId} login client={Client} tls={Tls} mechanism={Mechanism} user={User} reply=\"{Reply}\"")]
    public static partial void Login(ILogger logger, string sessionId, string client, bool tls, string mechanism, string user, string reply);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "pop3 id={SessionId} login client={Client} tls={Tls} mechanism={Mechanism} user={User} auth failed: failures client={AddressFailures} user={AccountFailures} delay={DelayMs}ms lockout={LockedOut} reply=\"{Reply}\"")]
    public static partial void LoginFailed(ILogger logger, string sessionId, string client, bool tls, string mechanism, string user, long addressFailures, long accountFailures, long delayMs, bool lockedOut, string reply);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information,
        Message = "pop3 id={SessionId} disconnect client={Client} tls={Tls} user={User} messages={Messages} retrieved={Retrieved} deleted={Deleted} commands={Commands} errors={Errors} reason={Reason}")]
    public static partial void Disconnect(ILogger logger, string sessionId, string client, bool tls, string user, int messages, int retrieved, int deleted, int commands, int errors, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error,
        Message = "pop3 id={SessionId} client={Client} user={User} mailbox error: {Error}")]
    public static partial void MailboxError(ILogger logger, string sessionId, string client, string user, string error);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning,
        Message = "pop3 id={SessionId} client={Client} state store error: {Error}")]
    public static partial void StateError(ILogger logger, string sessionId, string client, string error);
}
