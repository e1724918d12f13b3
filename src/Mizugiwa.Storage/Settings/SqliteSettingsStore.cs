using Microsoft.Data.Sqlite;

namespace Mizugiwa.Storage.Settings;

/// <summary>The settings of one node, in its SQLite database (table setting).</summary>
public sealed class SqliteSettingsStore : ISettingsStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS setting (
            key TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
            value TEXT NOT NULL,
            changed_by TEXT NOT NULL,
            changed_at INTEGER NOT NULL
        );
        """;

    private readonly string _connectionString;

    public SqliteSettingsStore(string databasePath)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = Schema;
        command.ExecuteNonQuery();
    }

    public async Task<IReadOnlyList<SettingEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, value, changed_by, changed_at FROM setting ORDER BY key";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<SettingEntry>();
        while (await reader.ReadAsync(cancellationToken))
            entries.Add(new SettingEntry(reader.GetString(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
        return entries;
    }

    public async Task SetAsync(SettingEntry entry, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO setting (key, value, changed_by, changed_at) VALUES ($k, $v, $b, $a)
            ON CONFLICT (key) DO UPDATE SET key = excluded.key, value = excluded.value, changed_by = excluded.changed_by, changed_at = excluded.changed_at
            """;
        command.Parameters.AddWithValue("$k", entry.Key);
        command.Parameters.AddWithValue("$v", entry.Value);
        command.Parameters.AddWithValue("$b", entry.ChangedBy);
        command.Parameters.AddWithValue("$a", entry.ChangedAt.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM setting WHERE key = $k";
        command.Parameters.AddWithValue("$k", key);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
