namespace Mizugiwa.Storage;

/// <summary>The transaction_log table in PostgreSQL, created when missing (by whichever node comes first, see <see cref="PostgresTable"/>).</summary>
internal static class PostgresLogSchema
{
    public const string CreateSql = """
        CREATE TABLE IF NOT EXISTS transaction_log (
            id BIGSERIAL PRIMARY KEY, time TIMESTAMPTZ NOT NULL, session_id TEXT NOT NULL, stage TEXT NOT NULL,
            client_address TEXT NOT NULL, client_name TEXT, helo TEXT, sender TEXT, recipient TEXT,
            check_name TEXT, rule TEXT, reply TEXT NOT NULL, queue_id TEXT, node TEXT);
        CREATE INDEX IF NOT EXISTS transaction_log_time ON transaction_log (time);
        CREATE INDEX IF NOT EXISTS transaction_log_client ON transaction_log (client_address, time);
        CREATE INDEX IF NOT EXISTS transaction_log_queue ON transaction_log (queue_id);
        """;
}
