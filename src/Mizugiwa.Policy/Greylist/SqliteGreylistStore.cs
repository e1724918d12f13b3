using Microsoft.Data.Sqlite;

namespace Mizugiwa.Policy.Greylist;

/// <summary>
/// Greylisting state in one SQLite file (WAL). Each call opens a pooled connection, so the store can
/// be used from many sessions at once; every write is its own transaction. The server puts
/// <see cref="WriteBehindGreylistStore"/> in front of it (answers from memory, writes in batches through
/// <see cref="LoadAll"/> and <see cref="WriteBatch"/>); the bare store is what the CLI's dry run and the
/// Redis failover use.
/// </summary>
public sealed partial class SqliteGreylistStore : IGreylistStore
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS greylist_triplet (
            client TEXT NOT NULL,
            sender TEXT NOT NULL,
            recipient TEXT NOT NULL,
            first_seen INTEGER NOT NULL,
            last_seen INTEGER NOT NULL,
            passed INTEGER NOT NULL,
            PRIMARY KEY (client, sender, recipient)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS greylist_triplet_last_seen ON greylist_triplet (last_seen);
        CREATE TABLE IF NOT EXISTS greylist_client (
            client TEXT NOT NULL PRIMARY KEY,
            passes INTEGER NOT NULL,
            last_seen INTEGER NOT NULL
        ) WITHOUT ROWID;
        """;

    private readonly string _connectionString;

    public SqliteGreylistStore(string databasePath)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = Schema;
        command.ExecuteNonQuery();
    }

    public async Task<GreylistEntry?> GetAsync(GreylistKey key, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = Command(connection,
            "SELECT first_seen, last_seen, passed FROM greylist_triplet WHERE client = $c AND sender = $s AND recipient = $r", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new GreylistEntry(FromMs(reader.GetInt64(0)), FromMs(reader.GetInt64(1)), reader.GetInt32(2));
    }

    public async Task PutAsync(GreylistKey key, GreylistEntry entry, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = Command(connection, """
            INSERT INTO greylist_triplet (client, sender, recipient, first_seen, last_seen, passed) VALUES ($c, $s, $r, $f, $l, $p)
            ON CONFLICT (client, sender, recipient) DO UPDATE SET first_seen = excluded.first_seen, last_seen = excluded.last_seen, passed = excluded.passed
            """, key);
        command.Parameters.AddWithValue("$f", entry.FirstSeen.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$l", entry.LastSeen.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$p", entry.PassedCount);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<GreylistClient?> GetClientAsync(string client, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT passes, last_seen FROM greylist_client WHERE client = $c";
        command.Parameters.AddWithValue("$c", client);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new GreylistClient(reader.GetInt32(0), FromMs(reader.GetInt64(1)));
    }

    public async Task<GreylistClient> AddClientPassAsync(string client, DateTimeOffset seen, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO greylist_client (client, passes, last_seen) VALUES ($c, 1, $l)
            ON CONFLICT (client) DO UPDATE SET passes = passes + 1, last_seen = max(last_seen, excluded.last_seen)
            RETURNING passes, last_seen
            """;
        command.Parameters.AddWithValue("$c", client);
        command.Parameters.AddWithValue("$l", seen.ToUnixTimeMilliseconds());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new GreylistClient(reader.GetInt32(0), FromMs(reader.GetInt64(1)));
    }

    public async Task<int> PurgeAsync(DateTimeOffset notSeenSince, DateTimeOffset unpassedFirstSeenBefore, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM greylist_triplet WHERE last_seen < $l OR (passed = 0 AND first_seen < $f);
            DELETE FROM greylist_client WHERE last_seen < $l;
            """;
        command.Parameters.AddWithValue("$l", notSeenSince.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$f", unpassedFirstSeenBefore.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, GreylistKey key)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$c", key.Client);
        command.Parameters.AddWithValue("$s", key.Sender);
        command.Parameters.AddWithValue("$r", key.Recipient);
        return command;
    }

    internal static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
