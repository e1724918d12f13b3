using Microsoft.Data.Sqlite;
using Mizugiwa.Core.State;

namespace Mizugiwa.Storage.State;

/// <summary>
/// The keys with expiry of the embedded state store (blocks), written through to one SQLite table so
/// that they survive a restart. Counters and gauges are not journaled.
/// </summary>
internal sealed class SqliteStateJournal
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS state_key (
            key TEXT NOT NULL PRIMARY KEY,
            value TEXT NOT NULL,
            expires_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS state_key_expires_at ON state_key (expires_at);
        """;

    private readonly string _connectionString;

    public SqliteStateJournal(string databasePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = Schema;
        command.ExecuteNonQuery();
    }

    /// <summary>Deletes the rows expired at <paramref name="now"/> and returns the others.</summary>
    public List<StateEntry> Load(DateTimeOffset now)
    {
        Purge(now);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, value, expires_at FROM state_key WHERE expires_at > $now";
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        using var reader = command.ExecuteReader();
        var entries = new List<StateEntry>();
        while (reader.Read())
            entries.Add(new StateEntry(reader.GetString(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))));
        return entries;
    }

    /// <summary>The live row of <paramref name="key"/>, or null.</summary>
    public async Task<StateEntry?> FindAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT value, expires_at FROM state_key WHERE key = $k AND expires_at > $now";
        command.Parameters.AddWithValue("$k", key);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new StateEntry(key, reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)));
    }

    public async Task UpsertAsync(StateEntry entry, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO state_key (key, value, expires_at) VALUES ($k, $v, $e)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
            """;
        command.Parameters.AddWithValue("$k", entry.Key);
        command.Parameters.AddWithValue("$v", entry.Value);
        command.Parameters.AddWithValue("$e", entry.ExpiresAt.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM state_key WHERE key = $k";
        command.Parameters.AddWithValue("$k", key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Deletes the rows expired at <paramref name="now"/>; returns how many went.</summary>
    public int Purge(DateTimeOffset now)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM state_key WHERE expires_at <= $now";
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
