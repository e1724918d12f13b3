using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mizugiwa.Core;
using Npgsql;
using NpgsqlTypes;

namespace Mizugiwa.Storage;

/// <summary>
/// The transaction log in PostgreSQL, shared by every node: one log to search across all servers.
/// Like <see cref="SqliteDecisionLog"/>, sessions hand records to a bounded channel and never wait;
/// a writer copies them in batches (binary COPY), each row stamped with this node's name. While
/// PostgreSQL is unreachable records are dropped and counted, with one warning per outage.
/// </summary>
public sealed class PostgresDecisionLog : IDecisionLog, IAsyncDisposable
{
    private readonly DecisionBatcher _batcher;
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _node;
    private readonly ILogger _logger;
    private readonly PostgresTable _table;
    private bool _failing;

    public PostgresDecisionLog(string connectionString, string node, ILogger? logger = null, int capacity = 100_000)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _table = new PostgresTable(_dataSource, PostgresLogSchema.CreateSql);
        _node = node;
        _logger = logger ?? NullLogger.Instance;
        _batcher = new DecisionBatcher(capacity, StoreAsync);
    }

    /// <summary>Records lost because PostgreSQL was unreachable or the writer could not keep up.</summary>
    public long Dropped => _batcher.Dropped;

    public void Record(DecisionRecord decision) => _batcher.Record(decision);

    private async Task<bool> StoreAsync(List<DecisionRecord> batch)
    {
        try
        {
            await WriteAsync(batch);
            if (_failing) _logger.LogWarning("transaction log: PostgreSQL answers again ({Dropped} record(s) lost so far)", Dropped);
            _failing = false;
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            if (!_failing) _logger.LogWarning("transaction log: PostgreSQL unreachable, records are dropped until it answers: {Error}", e.Message);
            _failing = true;
            return false;
        }
    }

    private async Task WriteAsync(List<DecisionRecord> batch)
    {
        await _table.EnsureAsync(CancellationToken.None);
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY transaction_log (time, session_id, stage, client_address, client_name, helo, sender, recipient, check_name, rule, reply, queue_id, node) FROM STDIN (FORMAT BINARY)");
        foreach (var r in batch)
        {
            await importer.StartRowAsync();
            await importer.WriteAsync(r.Time.UtcDateTime, NpgsqlDbType.TimestampTz);
            foreach (var text in new[] { r.SessionId, r.Stage, r.ClientAddress, r.ClientName, r.Helo, r.Sender, r.Recipient, r.Check, r.Rule, r.Reply, r.QueueId, r.Node ?? _node })
            {
                if (text is null) await importer.WriteNullAsync();
                else await importer.WriteAsync(text, NpgsqlDbType.Text);
            }
        }
        await importer.CompleteAsync();
    }

    /// <summary>Stops taking records and waits until those already taken are stored (or dropped).</summary>
    public async ValueTask DisposeAsync()
    {
        await _batcher.CompleteAsync();
        _table.Dispose();
        await _dataSource.DisposeAsync();
    }
}
