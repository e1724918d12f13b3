namespace Mizugiwa.Storage;

/// <summary>
/// The WHERE clause of a transaction-log search, in SQL that SQLite and PostgreSQL both read
/// (named @parameters, lower(), substr()). Times are passed as the backend stores them.
/// </summary>
internal static class DecisionLogFilter
{
    public const string Columns = "time, session_id, stage, client_address, client_name, helo, sender, recipient, check_name, rule, reply, queue_id, node";

    public const string StoryCondition =
        "queue_id = @queue OR session_id IN (SELECT session_id FROM transaction_log WHERE queue_id = @queue AND stage <> 'DELIVERY')";

    /// <summary>The grouping of <see cref="IDecisionLogReader.CountByHourAsync"/>, after the hour expression.</summary>
    public const string CountColumns = "stage, substr(reply, 1, 1), check_name, (rule LIKE '%action=spam%')";

    public static (string Where, Dictionary<string, object> Parameters) Build(DecisionLogQuery query, Func<DateTimeOffset, object> timeValue)
    {
        var conditions = new List<string>();
        var parameters = new Dictionary<string, object>();
        void Add(string condition, string name, object? value)
        {
            if (value is null) return;
            conditions.Add(condition);
            parameters[name] = value;
        }
        Add("client_address = @client", "@client", query.ClientAddress);
        Add("lower(sender) = lower(@sender)", "@sender", query.Sender);
        Add("lower(',' || recipient || ',') LIKE lower(@recipient) ESCAPE '\\'", "@recipient", query.Recipient is null ? null : "%," + EscapeLike(query.Recipient) + ",%");
        Add("queue_id = @queue", "@queue", query.QueueId);
        Add("lower(check_name) = lower(@check)", "@check", query.Check);
        Add("stage = @stage", "@stage", query.Stage?.ToUpperInvariant());
        Add("time >= @since", "@since", query.Since is { } since ? timeValue(since) : null);
        Add("time <= @until", "@until", query.Until is { } until ? timeValue(until) : null);
        if (query.Outcome is { } outcome)
        {
            conditions.Add(outcome switch
            {
                "accepted" => "(substr(reply, 1, 1) IN ('2', '3') OR reply = 'DUNNO' OR reply LIKE 'PREPEND %')",
                "deferred" => "substr(reply, 1, 1) = '4'",
                "rejected" => "substr(reply, 1, 1) = '5'",
                _ => throw new ArgumentException($"'{outcome}' is not an outcome (accepted, deferred or rejected)", nameof(query)),
            });
        }
        parameters["@limit"] = query.Limit;
        return (conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions), parameters);
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
