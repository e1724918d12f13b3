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

    [LoggerMessage(EventId = 5, Level = LogLevel.Error,
        Message = "smtp id={SessionId} client={Client} directory error: {Error}")]
    public static partial void DirectoryError(ILogger logger, string sessionId, string client, string error);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning,
        Message = "smtp id={SessionId} client={Client} policy notification failed: {Error}")]
    public static partial void PolicyNotificationFailed(ILogger logger, string sessionId, string client, string error);
}
