using Npgsql;

namespace Mizugiwa.Storage.Settings;

/// <summary>
/// The settings every node shares, in PostgreSQL (table setting, created when missing). The key is
/// stored as given and looked up by its lower-case form, so keys compare case-insensitively.
/// </summary>
public sealed class PostgresSettingsStore : ISettingsStore, IAsyncDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS setting (
            key_lower TEXT PRIMARY KEY, key TEXT NOT NULL, value TEXT NOT NULL, changed_by TEXT NOT NULL, changed_at TIMESTAMPTZ NOT NULL);
        """;

    private readonly NpgsqlDataSource _dataSource;

    private readonly PostgresTable _table;

    public PostgresSettingsStore(string connectionString)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _table = new PostgresTable(_dataSource, Schema);
    }

    public async Task<IReadOnlyList<SettingEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        await _table.EnsureAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand("SELECT key, value, changed_by, changed_at FROM setting ORDER BY key_lower");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<SettingEntry>();
        while (await reader.ReadAsync(cancellationToken))
            entries.Add(new SettingEntry(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
        return entries;
    }

    public async Task SetAsync(SettingEntry entry, CancellationToken cancellationToken = default)
    {
        await _table.EnsureAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO setting (key_lower, key, value, changed_by, changed_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (key_lower) DO UPDATE SET key = excluded.key, value = excluded.value, changed_by = excluded.changed_by, changed_at = excluded.changed_at
            """);
        command.Parameters.AddWithValue(entry.Key.ToLowerInvariant());
        command.Parameters.AddWithValue(entry.Key);
        command.Parameters.AddWithValue(entry.Value);
        command.Parameters.AddWithValue(entry.ChangedBy);
        command.Parameters.AddWithValue(entry.ChangedAt.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        await _table.EnsureAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand("DELETE FROM setting WHERE key_lower = $1");
        command.Parameters.AddWithValue(key.ToLowerInvariant());
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        _table.Dispose();
    }
}
