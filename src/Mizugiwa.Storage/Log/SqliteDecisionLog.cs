using Microsoft.Data.Sqlite;
using Mizugiwa.Core;

namespace Mizugiwa.Storage;

/// <summary>
/// The transaction log in SQLite: one row per SMTP decision. Sessions hand records to a bounded
/// channel and never wait for the disk; a writer task stores them in batches (one transaction per
/// batch). When the channel is full the oldest records are dropped and the drop is counted.
/// </summary>
public sealed class SqliteDecisionLog : IDecisionLog, IAsyncDisposable
{
    private readonly DecisionBatcher _batcher;
    private readonly string _connectionString;

    public SqliteDecisionLog(string databasePath, int capacity = 100_000)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath }.ToString();
        using (var connection = new SqliteConnection(_connectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                PRAGMA journal_mode = WAL;
                CREATE TABLE IF NOT EXISTS transaction_log (
                    id INTEGER PRIMARY KEY, time TEXT NOT NULL, session_id TEXT NOT NULL, stage TEXT NOT NULL,
                    client_address TEXT NOT NULL, client_name TEXT, helo TEXT, sender TEXT, recipient TEXT,
                    check_name TEXT, rule TEXT, reply TEXT NOT NULL, queue_id TEXT, node TEXT);
                CREATE INDEX IF NOT EXISTS transaction_log_time ON transaction_log (time);
                CREATE INDEX IF NOT EXISTS transaction_log_client ON transaction_log (client_address, time);
                CREATE INDEX IF NOT EXISTS transaction_log_queue ON transaction_log (queue_id);
                """;
            command.ExecuteNonQuery();
            SqliteColumns.AddIfMissing(connection, "transaction_log", "node", "TEXT");
        }
        _batcher = new DecisionBatcher(capacity, StoreAsync);
    }

    /// <summary>Records lost because the writer could not keep up.</summary>
    public long Dropped => _batcher.Dropped;

    public void Record(DecisionRecord decision) => _batcher.Record(decision);

    private async Task<bool> StoreAsync(List<DecisionRecord> batch)
    {
        try
        {
            await WriteAsync(batch);
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    private async Task WriteAsync(List<DecisionRecord> batch)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            // The log may lose its last batches in a crash or power loss; it must never slow the sessions down.
            pragma.CommandText = "PRAGMA synchronous = OFF";
            await pragma.ExecuteNonQueryAsync();
        }
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO transaction_log (time, session_id, stage, client_address, client_name, helo, sender, recipient, check_name, rule, reply, queue_id, node)
            VALUES ($time, $session, $stage, $client, $name, $helo, $sender, $recipient, $check, $rule, $reply, $queue, $node)
            """;
        string[] names = ["$time", "$session", "$stage", "$client", "$name", "$helo", "$sender", "$recipient", "$check", "$rule", "$reply", "$queue", "$node"];
        var parameters = names.Select(n => command.Parameters.Add(n, SqliteType.Text)).ToArray();
        command.Prepare();
        foreach (var r in batch)
        {
            object?[] values = [r.Time.UtcDateTime.ToString("O"), r.SessionId, r.Stage, r.ClientAddress, r.ClientName, r.Helo, r.Sender, r.Recipient, r.Check, r.Rule, r.Reply, r.QueueId, r.Node];
            for (int i = 0; i < values.Length; i++) parameters[i].Value = values[i] ?? DBNull.Value;
            command.ExecuteNonQuery();
        }
        await transaction.CommitAsync();
    }

    /// <summary>Stops taking records and waits until those already taken are stored.</summary>
    public async ValueTask DisposeAsync() => await _batcher.CompleteAsync();
}
