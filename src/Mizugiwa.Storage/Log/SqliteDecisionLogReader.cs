using System.Globalization;
using Microsoft.Data.Sqlite;
using Mizugiwa.Core;

namespace Mizugiwa.Storage;

/// <summary>Reads the transaction log written by <see cref="SqliteDecisionLog"/> (this node only).</summary>
public sealed class SqliteDecisionLogReader(string databasePath) : IDecisionLogReader
{
    public Task<IReadOnlyList<DecisionRecord>> SearchAsync(DecisionLogQuery query, CancellationToken cancellationToken)
    {
        var (where, parameters) = DecisionLogFilter.Build(query, time => time.UtcDateTime.ToString("O"));
        return ReadAsync($"SELECT {DecisionLogFilter.Columns} FROM transaction_log {where} ORDER BY time DESC, id DESC LIMIT @limit", parameters, cancellationToken);
    }

    public Task<IReadOnlyList<DecisionRecord>> StoryAsync(string queueId, CancellationToken cancellationToken) =>
        ReadAsync($"SELECT {DecisionLogFilter.Columns} FROM transaction_log WHERE {DecisionLogFilter.StoryCondition} ORDER BY time, id",
            new Dictionary<string, object> { ["@queue"] = queueId }, cancellationToken);

    public async Task<IReadOnlyList<DecisionCount>> CountByHourAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var counts = new List<DecisionCount>();
        await ReadRowsAsync($"""
            SELECT substr(time, 1, 13), {DecisionLogFilter.CountColumns}, count(*) FROM transaction_log
            WHERE time >= @since GROUP BY 1, 2, 3, 4, 5
            """, new Dictionary<string, object> { ["@since"] = since.UtcDateTime.ToString("O") }, reader => counts.Add(new DecisionCount(
                DateTimeOffset.ParseExact(reader.GetString(0), "yyyy-MM-ddTHH", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                reader.GetString(1), reader.IsDBNull(2) ? ' ' : reader.GetString(2)[0], reader.IsDBNull(3) ? null : reader.GetString(3),
                !reader.IsDBNull(4) && reader.GetInt64(4) != 0, reader.GetInt64(5))), cancellationToken);
        return counts;
    }

    private async Task<IReadOnlyList<DecisionRecord>> ReadAsync(string sql, Dictionary<string, object> parameters, CancellationToken cancellationToken)
    {
        var rows = new List<DecisionRecord>();
        await ReadRowsAsync(sql, parameters, reader =>
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            rows.Add(new DecisionRecord(DateTimeOffset.Parse(reader.GetString(0), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                reader.GetString(1), reader.GetString(2), reader.GetString(3), Text(4), Text(5), Text(6), Text(7), Text(8), Text(9), reader.GetString(10), Text(11), Text(12)));
        }, cancellationToken);
        return rows;
    }

    private async Task ReadRowsAsync(string sql, Dictionary<string, object> parameters, Action<SqliteDataReader> row, CancellationToken cancellationToken)
    {
        if (!File.Exists(databasePath)) return;
        var connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        if (!SqliteTables.Exists(connection, "transaction_log")) return;
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) row(reader);
    }
}
