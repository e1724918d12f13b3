using Npgsql;

namespace Mizugiwa.Storage;

/// <summary>
/// The directory and management tables in PostgreSQL, created when missing by whichever node starts
/// first (an advisory lock keeps two starting nodes apart), with the same version check as SQLite.
/// Keys and the columns listings sort by use the "C" collation, so the order is bytewise as in SQLite.
/// </summary>
internal static class PostgresDirectorySchema
{
    private const string CreateSql = """
        SELECT pg_advisory_xact_lock(hashtext('mizugiwa directory schema'));
        CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
        INSERT INTO schema_version (version) SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM schema_version);
        CREATE TABLE IF NOT EXISTS domains (name TEXT COLLATE "C" PRIMARY KEY);
        CREATE TABLE IF NOT EXISTS accounts (
            address_key TEXT COLLATE "C" PRIMARY KEY,
            address TEXT NOT NULL,
            domain TEXT COLLATE "C" NOT NULL,
            password_hash TEXT NOT NULL,
            scram_sha256 TEXT,
            filter_mode TEXT,
            display_name TEXT,
            forward TEXT,
            forward_keep_copy INTEGER,
            disabled INTEGER,
            quota_bytes BIGINT);
        CREATE INDEX IF NOT EXISTS accounts_domain ON accounts (domain);
        CREATE TABLE IF NOT EXISTS aliases (
            address_key TEXT COLLATE "C" NOT NULL,
            address TEXT NOT NULL,
            domain TEXT COLLATE "C" NOT NULL,
            target_key TEXT COLLATE "C" NOT NULL,
            target TEXT NOT NULL,
            PRIMARY KEY (address_key, target_key));
        CREATE INDEX IF NOT EXISTS aliases_domain ON aliases (domain);
        CREATE TABLE IF NOT EXISTS api_tokens (
            name TEXT COLLATE "C" PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, created TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS personal_lists (
            mailbox_key TEXT COLLATE "C" NOT NULL, kind TEXT COLLATE "C" NOT NULL, pattern TEXT COLLATE "C" NOT NULL,
            PRIMARY KEY (mailbox_key, pattern));
        CREATE TABLE IF NOT EXISTS audit_log (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, time TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL);
        """;

    public static void Create(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using (var transaction = connection.BeginTransaction())
        {
            using var create = new NpgsqlCommand(CreateSql, connection, transaction);
            create.ExecuteNonQuery();
            transaction.Commit();
        }
        using var query = new NpgsqlCommand("SELECT max(version) FROM schema_version", connection);
        var version = Convert.ToInt32(query.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (version > DirectorySchema.Version)
            throw new DirectoryException($"PostgreSQL database {connection.Database} has directory schema version {version}; this program knows only up to {DirectorySchema.Version}");
    }
}
