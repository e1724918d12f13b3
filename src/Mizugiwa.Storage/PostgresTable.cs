using Npgsql;

namespace Mizugiwa.Storage;

/// <summary>
/// A PostgreSQL table (with its indexes) that whichever node comes first creates when missing, once
/// per process. Two nodes creating it at the same moment can make one of them fail even with
/// IF NOT EXISTS (a race on the catalog); then the other has created it and asking once more succeeds.
/// </summary>
public sealed class PostgresTable(NpgsqlDataSource dataSource, string createSql) : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile bool _ready;

    public async ValueTask EnsureAsync(CancellationToken cancellationToken)
    {
        if (_ready) return;
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_ready) return;
            try { await CreateAsync(cancellationToken); }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateObject)
            {
                await CreateAsync(cancellationToken);
            }
            _ready = true;
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(createSql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public void Dispose() => _lock.Dispose();
}
