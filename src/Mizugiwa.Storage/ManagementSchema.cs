using Microsoft.Data.Sqlite;

namespace Mizugiwa.Storage;

/// <summary>The management tables next to the directory: API tokens (stored as SHA-256 hashes), the users' personal sender lists, and the audit log of admin actions.</summary>
internal static class ManagementSchema
{
    public static void Create(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS api_tokens (
                name TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, created TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS personal_lists (
                mailbox_key TEXT NOT NULL, kind TEXT NOT NULL, pattern TEXT NOT NULL,
                PRIMARY KEY (mailbox_key, pattern)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS audit_log (
                id INTEGER PRIMARY KEY, time TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL);
            """;
        command.ExecuteNonQuery();
    }
}
