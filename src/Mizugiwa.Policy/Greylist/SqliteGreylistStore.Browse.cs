namespace Mizugiwa.Policy.Greylist;

public sealed partial class SqliteGreylistStore : IGreylistBrowser
{
    public async Task<GreylistPage> ListAsync(GreylistQuery query, CancellationToken cancellationToken = default)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        // instr on lower() is the case-insensitive substring test, with no LIKE wildcards to escape.
        command.CommandText = """
            SELECT client, sender, recipient, first_seen, last_seen, passed FROM greylist_triplet
            WHERE ($c = '' OR instr(lower(client), $c) > 0) AND ($s = '' OR instr(lower(sender), $s) > 0) AND ($r = '' OR instr(lower(recipient), $r) > 0)
            ORDER BY last_seen DESC LIMIT $max
            """;
        command.Parameters.AddWithValue("$c", Lower(query.Client));
        command.Parameters.AddWithValue("$s", Lower(query.Sender));
        command.Parameters.AddWithValue("$r", Lower(query.Recipient));
        command.Parameters.AddWithValue("$max", GreylistQuery.MaxScanned);
        var records = new List<GreylistRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            records.Add(new GreylistRecord(new GreylistKey(reader.GetString(0), reader.GetString(1), reader.GetString(2)),
                new GreylistEntry(FromMs(reader.GetInt64(3)), FromMs(reader.GetInt64(4)), reader.GetInt32(5))));
        return query.Cut(records);
    }

    private static string Lower(string? text) => (text ?? "").Trim().ToLowerInvariant();
}
