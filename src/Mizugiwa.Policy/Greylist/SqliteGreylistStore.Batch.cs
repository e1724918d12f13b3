using Microsoft.Data.Sqlite;

namespace Mizugiwa.Policy.Greylist;

/// <summary>Bulk access for <see cref="WriteBehindGreylistStore"/>: everything at start, then batches of writes.</summary>
public sealed partial class SqliteGreylistStore
{
    /// <summary>Every triplet and client counter in the file.</summary>
    public (Dictionary<GreylistKey, GreylistEntry> Triplets, Dictionary<string, GreylistClient> Clients) LoadAll()
    {
        var triplets = new Dictionary<GreylistKey, GreylistEntry>();
        var clients = new Dictionary<string, GreylistClient>(StringComparer.Ordinal);
        using var connection = Open();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT client, sender, recipient, first_seen, last_seen, passed FROM greylist_triplet";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                triplets[new GreylistKey(reader.GetString(0), reader.GetString(1), reader.GetString(2))] =
                    new GreylistEntry(FromMs(reader.GetInt64(3)), FromMs(reader.GetInt64(4)), reader.GetInt32(5));
            }
        }
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT client, passes, last_seen FROM greylist_client";
            using var reader = command.ExecuteReader();
            while (reader.Read()) clients[reader.GetString(0)] = new GreylistClient(reader.GetInt32(1), FromMs(reader.GetInt64(2)));
        }
        return (triplets, clients);
    }

    /// <summary>
    /// Stores the given triplets and client counters as they are (replacing what the file has) in one
    /// transaction, with synchronous=NORMAL (WAL: a power loss may lose the last commits, never corrupts).
    /// </summary>
    public void WriteBatch(IReadOnlyCollection<KeyValuePair<GreylistKey, GreylistEntry>> triplets, IReadOnlyCollection<KeyValuePair<string, GreylistClient>> clients)
    {
        if (triplets.Count == 0 && clients.Count == 0) return;
        using var connection = Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous = NORMAL";
            pragma.ExecuteNonQuery();
        }
        using var transaction = connection.BeginTransaction();
        if (triplets.Count > 0) WriteTriplets(connection, triplets);
        if (clients.Count > 0) WriteClients(connection, clients);
        transaction.Commit();
    }

    private static void WriteTriplets(SqliteConnection connection, IEnumerable<KeyValuePair<GreylistKey, GreylistEntry>> triplets)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO greylist_triplet (client, sender, recipient, first_seen, last_seen, passed) VALUES ($c, $s, $r, $f, $l, $p)
            ON CONFLICT (client, sender, recipient) DO UPDATE SET first_seen = excluded.first_seen, last_seen = excluded.last_seen, passed = excluded.passed
            """;
        var c = command.Parameters.Add("$c", SqliteType.Text);
        var s = command.Parameters.Add("$s", SqliteType.Text);
        var r = command.Parameters.Add("$r", SqliteType.Text);
        var f = command.Parameters.Add("$f", SqliteType.Integer);
        var l = command.Parameters.Add("$l", SqliteType.Integer);
        var p = command.Parameters.Add("$p", SqliteType.Integer);
        command.Prepare();
        foreach (var (key, entry) in triplets)
        {
            (c.Value, s.Value, r.Value) = (key.Client, key.Sender, key.Recipient);
            (f.Value, l.Value, p.Value) = (entry.FirstSeen.ToUnixTimeMilliseconds(), entry.LastSeen.ToUnixTimeMilliseconds(), entry.PassedCount);
            command.ExecuteNonQuery();
        }
    }

    private static void WriteClients(SqliteConnection connection, IEnumerable<KeyValuePair<string, GreylistClient>> clients)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO greylist_client (client, passes, last_seen) VALUES ($c, $n, $l)
            ON CONFLICT (client) DO UPDATE SET passes = excluded.passes, last_seen = excluded.last_seen
            """;
        var c = command.Parameters.Add("$c", SqliteType.Text);
        var n = command.Parameters.Add("$n", SqliteType.Integer);
        var l = command.Parameters.Add("$l", SqliteType.Integer);
        command.Prepare();
        foreach (var (client, counter) in clients)
        {
            (c.Value, n.Value, l.Value) = (client, counter.Passes, counter.LastSeen.ToUnixTimeMilliseconds());
            command.ExecuteNonQuery();
        }
    }
}
