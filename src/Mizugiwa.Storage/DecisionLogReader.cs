using System.Globalization;
using Microsoft.Data.Sqlite;
using Mizugiwa.Core;

namespace Mizugiwa.Storage;

/// <summary>Searches the transaction log written by <see cref="SqliteDecisionLog"/>, newest first, and tells one message's story.</summary>
public sealed class DecisionLogReader(string databasePath)
{
    private const string Columns = "time, session_id, stage, client_address, client_name, helo, sender, recipient, check_name, rule, reply, queue_id";

    public async Task<IReadOnlyList<DecisionRecord>> SearchAsync(DecisionLogQuery query, CancellationToken cancellationToken)
    {
        var conditions = new List<string>();
        var parameters = new Dictionary<string, object>();
        void Add(string condition, string name, object? value)
        {
            if (value is null) return;
            conditions.Add(condition);
            parameters[name] = value;
        }
        Add("client_address = $client", "$client", query.ClientAddress);
        Add("sender = $sender COLLATE NOCASE", "$sender", query.Sender);
        Add("(',' || recipient || ',') LIKE $recipient ESCAPE '\\' COLLATE NOCASE", "$recipient", query.Recipient is null ? null : "%," + EscapeLike(query.Recipient) + ",%");
        Add("queue_id = $queue", "$queue", query.QueueId);
        Add("check_name = $check COLLATE NOCASE", "$check", query.Check);
        Add("stage = $stage COLLATE NOCASE", "$stage", query.Stage?.ToUpperInvariant());
        Add("time >= $since", "$since", query.Since?.UtcDateTime.ToString("O"));
        Add("time <= $until", "$until", query.Until?.UtcDateTime.ToString("O"));
        if (query.Outcome is { } outcome)
        {
            conditions.Add(outcome switch
            {
                "accepted" => "substr(reply, 1, 1) IN ('2', '3')",
                "deferred" => "substr(reply, 1, 1) = '4'",
                "rejected" => "substr(reply, 1, 1) = '5'",
                _ => throw new ArgumentException($"'{outcome}' is not an outcome (accepted, deferred or rejected)", nameof(query)),
            });
        }
        var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
        parameters["$limit"] = query.Limit;
        return await ReadAsync($"SELECT {Columns} FROM transaction_log {where} ORDER BY time DESC, id DESC LIMIT $limit", parameters, cancellationToken);
    }

    /// <summary>
    /// Everything about one queued message in time order: the SMTP session that sent it (connect,
    /// HELO, MAIL, each RCPT and its checks, DATA) and every delivery attempt.
    /// </summary>
    public Task<IReadOnlyList<DecisionRecord>> StoryAsync(string queueId, CancellationToken cancellationToken) =>
        ReadAsync($"""
            SELECT {Columns} FROM transaction_log
            WHERE queue_id = $queue
               OR session_id IN (SELECT session_id FROM transaction_log WHERE queue_id = $queue AND stage <> 'DELIVERY')
            ORDER BY time, id
            """, new Dictionary<string, object> { ["$queue"] = queueId }, cancellationToken);

    private async Task<IReadOnlyList<DecisionRecord>> ReadAsync(string sql, Dictionary<string, object> parameters, CancellationToken cancellationToken)
    {
        if (!File.Exists(databasePath)) return [];
        var connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'transaction_log'";
        if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0) return [];
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        var rows = new List<DecisionRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            rows.Add(new DecisionRecord(DateTimeOffset.Parse(reader.GetString(0), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                reader.GetString(1), reader.GetString(2), reader.GetString(3), Text(4), Text(5), Text(6), Text(7), Text(8), Text(9), reader.GetString(10), Text(11)));
        }
        return rows;
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
