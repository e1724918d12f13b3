using Microsoft.Extensions.Logging;

namespace Mizugiwa.Milter;

/// <summary>
/// One line per message decision, in the shape of the SMTP and policy decision lines:
/// <c>milter id=… stage=MILTER client=… ptr=… helo=… from=&lt;…&gt; to=&lt;…&gt; check=content rule=… queue=… reply="…"</c>
/// </summary>
internal static partial class MilterLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "milter id={Id} stage=MILTER client={Client} ptr={ClientName} helo={Helo} from=<{From}> to=<{To}> check=content rule={Rule} queue={QueueId} reply=\"{Reply}\"")]
    public static partial void Decision(ILogger logger, string id, string client, string clientName, string helo, string from, string to, string rule, string queueId, string reply);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "milter connection {ConnectionId} from {Remote}: {Problem}; closing it")]
    public static partial void Refused(ILogger logger, string connectionId, string remote, string problem);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "milter id={Id} client={Client} content filter failed, message accepted unscanned: {Error}")]
    public static partial void ScanFailed(ILogger logger, string id, string client, string error);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "milter connection {ConnectionId} from {Remote} closed after {Messages} message(s): {Reason}")]
    public static partial void Closed(ILogger logger, string connectionId, string remote, int messages, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning,
        Message = "milter id={Id} client={Client} from=<{From}>: the MTA went away in the middle of the message ({Reason}); nothing was decided")]
    public static partial void Abandoned(ILogger logger, string id, string client, string from, string reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning,
        Message = "milter id={Id} client={Client}: the content level rewrote the body (attachments stripped) but the MTA does not let the milter replace bodies; the message goes as received")]
    public static partial void BodyNotReplaced(ILogger logger, string id, string client);
}
