using Mizugiwa.Core;
using Npgsql;

namespace Mizugiwa.Storage;

/// <summary>Reads the transaction log that every node writes to PostgreSQL (<see cref="PostgresDecisionLog"/>).</summary>
public sealed class PostgresDecisionLogReader : IDecisionLogReader, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresTable _table;
    private readonly string _description;

    public PostgresDecisionLogReader(string connectionString)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _table = new PostgresTable(_dataSource, PostgresLogSchema.CreateSql);
        _description = PostgresConnectionString.Describe(connectionString);
    }

    public Task<IReadOnlyList<DecisionRecord>> SearchAsync(DecisionLogQuery query, CancellationToken cancellationToken)
    {
        var (where, parameters) = DecisionLogFilter.Build(query, time => time.UtcDateTime);
        return ReadAsync($"SELECT {DecisionLogFilter.Columns} FROM transaction_log {where} ORDER BY time DESC, id DESC LIMIT @limit", parameters, cancellationToken);
    }

    public Task<IReadOnlyList<DecisionRecord>> StoryAsync(string queueId, CancellationToken cancellationToken) =>
        ReadAsync($"SELECT {DecisionLogFilter.Columns} FROM transaction_log WHERE {DecisionLogFilter.StoryCondition} ORDER BY time, id",
            new Dictionary<string, object> { ["@queue"] = queueId }, cancellationToken);

    public Task<IReadOnlyList<DecisionCount>> CountByHourAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        ReachingAsync(() => CountAsync(since, cancellationToken));

    private async Task<IReadOnlyList<DecisionCount>> CountAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await _table.EnsureAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand($"""
            SELECT date_trunc('hour', time AT TIME ZONE 'UTC'), {DecisionLogFilter.CountColumns}, count(*) FROM transaction_log
            WHERE time >= @since GROUP BY 1, 2, 3, 4, 5
            """);
        command.Parameters.AddWithValue("since", since.UtcDateTime);
        var counts = new List<DecisionCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            counts.Add(new DecisionCount(new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc)), reader.GetString(1),
                reader.IsDBNull(2) ? ' ' : reader.GetString(2)[0], reader.IsDBNull(3) ? null : reader.GetString(3), !reader.IsDBNull(4) && reader.GetBoolean(4), reader.GetInt64(5)));
        return counts;
    }

    private Task<IReadOnlyList<DecisionRecord>> ReadAsync(string sql, Dictionary<string, object> parameters, CancellationToken cancellationToken) =>
        ReachingAsync(() => QueryAsync(sql, parameters, cancellationToken));

    private async Task<T> ReachingAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new StoreUnavailableException($"cannot read the transaction log in PostgreSQL ({_description}): {e.Message}", e);
        }
    }

    private async Task<IReadOnlyList<DecisionRecord>> QueryAsync(string sql, Dictionary<string, object> parameters, CancellationToken cancellationToken)
    {
        await _table.EnsureAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name.TrimStart('@'), value);
        var rows = new List<DecisionRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            rows.Add(new DecisionRecord(new DateTimeOffset(reader.GetDateTime(0), TimeSpan.Zero),
                reader.GetString(1), reader.GetString(2), reader.GetString(3), Text(4), Text(5), Text(6), Text(7), Text(8), Text(9), reader.GetString(10), Text(11), Text(12)));
        }
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        _table.Dispose();
        await _dataSource.DisposeAsync();
    }
}
