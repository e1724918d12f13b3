using Microsoft.Extensions.Logging;

namespace Mizugiwa.Policy.PolicyDelegation;

/// <summary>
/// One line per policy decision, in the same shape as the SMTP service's decision lines:
/// <c>policy id=… stage=POLICY client=… ptr=… helo=… from=&lt;…&gt; to=&lt;…&gt; check=… rule=… queue=… action="…"</c>
/// </summary>
internal static partial class PolicyLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "policy id={Id} stage=POLICY client={Client} ptr={ClientName} helo={Helo} from=<{From}> to=<{To}> check={Check} rule={Rule} queue={QueueId} action=\"{Action}\"")]
    public static partial void Decision(ILogger logger, string id, string client, string clientName, string helo, string from, string to, string check, string rule, string queueId, string action);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "policy id={Id} action=\"{Action}\" ({Note})")]
    public static partial void NotJudged(ILogger logger, string id, string action, string note);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "policy connection {ConnectionId} from {Remote}: {Problem}; closing it")]
    public static partial void Refused(ILogger logger, string connectionId, string remote, string problem);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "policy id={Id} decision failed, answering \"{Action}\": {Error}")]
    public static partial void DecisionFailed(ILogger logger, string id, string action, string error);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "policy connection {ConnectionId} from {Remote} closed after {Requests} request(s): {Reason}")]
    public static partial void Closed(ILogger logger, string connectionId, string remote, int requests, string reason);
}
