using Microsoft.Extensions.Logging;

namespace Mizugiwa.Smtp;

/// <summary>
/// One line per SMTP decision, grep-able like Postfix's:
/// <c>smtp id=… stage=RCPT client=… helo=… from=&lt;…&gt; to=&lt;…&gt; queue=… reply="550 5.1.1 …"</c>
/// </summary>
internal static partial class SmtpLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "smtp id={SessionId} stage={Stage} client={Client} ptr={ClientName} helo={Helo} from=<{From}> to=<{To}> check={Check} rule={Rule} queue={QueueId} reply=\"{Reply}\"")]
    public static partial void Decision(ILogger logger, string sessionId, string stage, string client, string clientName, string helo, string from, string to, string check, string rule, string queueId, string reply);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "smtp id={SessionId} disconnect client={Client} commands={Commands} errors={Errors} reason={Reason}")]
    public static partial void Disconnect(ILogger logger, string sessionId, string client, int commands, int errors, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information,
        Message = "smtp id={SessionId} stage=STARTTLS client={Client} protocol={Protocol} cipher={Cipher}")]
    public static partial void TlsStarted(ILogger logger, string sessionId, string client, string protocol, string cipher);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error,
        Message = "smtp id={SessionId} client={Client} spool error: {Error}")]
    public static partial void SpoolError(ILogger logger, string sessionId, string client, string error);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error,
        Message = "smtp id={SessionId} client={Client} content filter failed, message accepted unscanned: {Error}")]
    public static partial void ContentFilterError(ILogger logger, string sessionId, string client, string error);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error,
        Message = "smtp id={SessionId} client={Client} directory error: {Error}")]
    public static partial void DirectoryError(ILogger logger, string sessionId, string client, string error);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning,
        Message = "smtp id={SessionId} client={Client} policy notification failed: {Error}")]
    public static partial void PolicyNotificationFailed(ILogger logger, string sessionId, string client, string error);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information,
        Message = "smtp id={SessionId} stage=AUTH client={Client} mechanism={Mechanism} user={User} reply=\"{Reply}\"")]
    public static partial void Auth(ILogger logger, string sessionId, string client, string mechanism, string user, string reply);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning,
        Message = "smtp id={SessionId} stage=AUTH client={Client} mechanism={Mechanism} user={User} auth failed: failures client={AddressFailures} user={AccountFailures} delay={DelayMs}ms lockout={LockedOut} reply=\"{Reply}\"")]
    public static partial void AuthFailed(ILogger logger, string sessionId, string client, string mechanism, string user, long addressFailures, long accountFailures, long delayMs, bool lockedOut, string reply);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning,
        Message = "smtp id={SessionId} client={Client} SENDING LIMIT REACHED user={User} limit={Limit} {What} per hour; refusing with 451 4.7.1 (compromised account?)")]
    public static partial void SendingLimitReached(ILogger logger, string sessionId, string client, string user, string what, int limit);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning,
        Message = "smtp id={SessionId} client={Client} state store error: {Error}")]
    public static partial void StateError(ILogger logger, string sessionId, string client, string error);
}
