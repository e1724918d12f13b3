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
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;

    public PostgresSettingsStore(string connectionString) => _dataSource = NpgsqlDataSource.Create(connectionString);

    public async Task<IReadOnlyList<SettingEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand("SELECT key, value, changed_by, changed_at FROM setting ORDER BY key_lower");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<SettingEntry>();
        while (await reader.ReadAsync(cancellationToken))
            entries.Add(new SettingEntry(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
        return entries;
    }

    public async Task SetAsync(SettingEntry entry, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync(cancellationToken);
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
        await EnsureSchemaAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand("DELETE FROM setting WHERE key_lower = $1");
        command.Parameters.AddWithValue(key.ToLowerInvariant());
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <remarks>Two nodes creating the table at once can race on the catalog; the loser asks again and finds it.</remarks>
    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (_schemaReady) return;
        await _schemaLock.WaitAsync(cancellationToken);
        try
        {
            if (_schemaReady) return;
            try { await CreateAsync(cancellationToken); }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateObject)
            {
                await CreateAsync(cancellationToken);
            }
            _schemaReady = true;
        }
        finally
        {
            _schemaLock.Release();
        }
    }

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(Schema);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        _schemaLock.Dispose();
    }
}
