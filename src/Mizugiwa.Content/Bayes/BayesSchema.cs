using Microsoft.Data.Sqlite;
using Mizugiwa.Storage;

namespace Mizugiwa.Content.Bayes;

/// <summary>
/// The Bayes tables in SQLite (PostgreSQL: <see cref="PostgresBayesSchema"/>): one row per dictionary (the global one is id 0, user ''), token counts by
/// dictionary and token hash, and the digests of the messages each dictionary has learned. Beside the
/// counts each token row and dictionary keeps the weight and bias of the logistic vote (<see cref="LogisticVote"/>).
/// bayes_schema_version holds the layout's version on both engines: a file or database a newer program made is refused.
/// </summary>
internal static class BayesSchema
{
    public const long GlobalDictionary = 0;

    /// <summary>The layout this program reads and writes; a store made before the version table was added is this one.</summary>
    public const int Version = 1;

    private const string CreateVersion = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS bayes_schema_version (version INTEGER NOT NULL);
        INSERT INTO bayes_schema_version (version) SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM bayes_schema_version);
        """;

    private const string Create = """
        CREATE TABLE IF NOT EXISTS bayes_dictionary (
            id INTEGER PRIMARY KEY,
            user TEXT NOT NULL UNIQUE,
            spam_learned INTEGER NOT NULL DEFAULT 0,
            ham_learned INTEGER NOT NULL DEFAULT 0,
            bias REAL NOT NULL DEFAULT 0,
            logistic_learned INTEGER NOT NULL DEFAULT 0
        );
        INSERT OR IGNORE INTO bayes_dictionary (id, user) VALUES (0, '');
        CREATE TABLE IF NOT EXISTS bayes_token (
            dictionary INTEGER NOT NULL,
            hash INTEGER NOT NULL,
            spam INTEGER NOT NULL,
            ham INTEGER NOT NULL,
            weight REAL NOT NULL DEFAULT 0,
            PRIMARY KEY (dictionary, hash)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS bayes_seen (
            dictionary INTEGER NOT NULL,
            digest BLOB NOT NULL,
            spam INTEGER NOT NULL,
            PRIMARY KEY (dictionary, digest)
        ) WITHOUT ROWID;
        """;

    /// <exception cref="DirectoryException">The file has a newer layout than this program knows.</exception>
    public static void Ensure(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = CreateVersion;
        command.ExecuteNonQuery();
        command.CommandText = "SELECT max(version) FROM bayes_schema_version";
        var version = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (version > Version)
            throw new DirectoryException($"Bayes database {connection.DataSource} has schema version {version}; this program knows only up to {Version}");
        command.CommandText = Create;
        command.ExecuteNonQuery();
        // Dictionaries made before the logistic vote get its columns; it abstains until it has learned enough itself.
        SqliteColumns.AddIfMissing(connection, "bayes_dictionary", "bias", "REAL NOT NULL DEFAULT 0");
        SqliteColumns.AddIfMissing(connection, "bayes_dictionary", "logistic_learned", "INTEGER NOT NULL DEFAULT 0");
        SqliteColumns.AddIfMissing(connection, "bayes_token", "weight", "REAL NOT NULL DEFAULT 0");
    }

    /// <summary>Settings of every connection: WAL makes NORMAL durable enough (a crash loses at most the last commits).</summary>
    public static void Configure(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous = NORMAL";
        command.ExecuteNonQuery();
    }
}
