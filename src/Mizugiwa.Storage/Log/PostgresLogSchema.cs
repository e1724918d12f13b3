using Npgsql;

namespace Mizugiwa.Storage;

/// <summary>The transaction_log table in PostgreSQL, created when missing (by whichever node comes first).</summary>
internal static class PostgresLogSchema
{
    private const string CreateSql = """
        CREATE TABLE IF NOT EXISTS transaction_log (
            id BIGSERIAL PRIMARY KEY, time TIMESTAMPTZ NOT NULL, session_id TEXT NOT NULL, stage TEXT NOT NULL,
            client_address TEXT NOT NULL, client_name TEXT, helo TEXT, sender TEXT, recipient TEXT,
            check_name TEXT, rule TEXT, reply TEXT NOT NULL, queue_id TEXT, node TEXT);
        CREATE INDEX IF NOT EXISTS transaction_log_time ON transaction_log (time);
        CREATE INDEX IF NOT EXISTS transaction_log_client ON transaction_log (client_address, time);
        CREATE INDEX IF NOT EXISTS transaction_log_queue ON transaction_log (queue_id);
        """;

    /// <remarks>
    /// Two nodes creating the table at the same moment can make one of them fail even with IF NOT EXISTS
    /// (a race on the catalog); then the other has created it and asking once more succeeds.
    /// </remarks>
    public static async Task EnsureAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        try
        {
            await CreateAsync(dataSource, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateObject)
        {
            await CreateAsync(dataSource, cancellationToken);
        }
    }

    private static async Task CreateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(CreateSql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
