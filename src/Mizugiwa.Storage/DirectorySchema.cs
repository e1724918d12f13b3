using Microsoft.Data.Sqlite;

namespace Mizugiwa.Storage;

/// <summary>Creates the directory tables and checks the schema version.</summary>
internal static class DirectorySchema
{
    public const int Version = 1;

    private const string CreateSql = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
        INSERT INTO schema_version (version) SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM schema_version);
        CREATE TABLE IF NOT EXISTS domains (name TEXT PRIMARY KEY) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS accounts (
            address_key TEXT PRIMARY KEY,
            address TEXT NOT NULL,
            domain TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            scram_sha256 TEXT,
            filter_mode TEXT);
        CREATE INDEX IF NOT EXISTS accounts_domain ON accounts (domain);
        CREATE TABLE IF NOT EXISTS aliases (
            address_key TEXT NOT NULL,
            address TEXT NOT NULL,
            domain TEXT NOT NULL,
            target_key TEXT NOT NULL,
            target TEXT NOT NULL,
            PRIMARY KEY (address_key, target_key)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS aliases_domain ON aliases (domain);
        """;

    public static void Create(SqliteConnection connection, string path)
    {
        using var command = connection.CreateCommand();
        command.CommandText = CreateSql;
        command.ExecuteNonQuery();
        command.CommandText = "SELECT max(version) FROM schema_version";
        var version = Convert.ToInt32(command.ExecuteScalar());
        if (version > Version)
            throw new DirectoryException($"database {path} has schema version {version}; this program knows only up to {Version}");
        AddMissingColumns(connection);
    }

    /// <summary>
    /// Columns added after a database was created. Each is nullable, so older programs still read the
    /// table; the version stays 1. scram_sha256: the RFC 5803 SCRAM-SHA-256 keys (null until a password
    /// is set again); filter_mode: the user's spam filter mode (null = label, the default); display_name:
    /// the user's name; forward: addresses mail is to be forwarded to, separated by ", ";
    /// forward_keep_copy: 0 when forwarded mail is not also delivered to the account (null = keep a copy);
    /// disabled: 1 when the account takes no mail and no logins (null = enabled); quota_bytes: the
    /// mailbox quota in bytes (null = the configured default, if any).
    /// </summary>
    private static void AddMissingColumns(SqliteConnection connection)
    {
        SqliteColumns.AddIfMissing(connection, "accounts", "scram_sha256", "TEXT");
        SqliteColumns.AddIfMissing(connection, "accounts", "filter_mode", "TEXT");
        SqliteColumns.AddIfMissing(connection, "accounts", "display_name", "TEXT");
        SqliteColumns.AddIfMissing(connection, "accounts", "forward", "TEXT");
        SqliteColumns.AddIfMissing(connection, "accounts", "forward_keep_copy", "INTEGER");
        SqliteColumns.AddIfMissing(connection, "accounts", "disabled", "INTEGER");
        SqliteColumns.AddIfMissing(connection, "accounts", "quota_bytes", "INTEGER");
    }
}
