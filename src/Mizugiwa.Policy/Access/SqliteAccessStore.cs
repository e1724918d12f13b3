using Microsoft.Data.Sqlite;

namespace Mizugiwa.Policy.Access;

/// <summary>The access lists in SQLite (the table lives in the server's main database).</summary>
public sealed class SqliteAccessStore : IAccessRuleStore
{
    private readonly string _connectionString;

    public SqliteAccessStore(string databasePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS access_rules (
                kind TEXT NOT NULL, pattern TEXT NOT NULL COLLATE NOCASE, action TEXT NOT NULL, note TEXT,
                PRIMARY KEY (kind, pattern));
            """;
        command.ExecuteNonQuery();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var timeout = connection.CreateCommand();
        timeout.CommandText = "PRAGMA busy_timeout = 5000;";
        timeout.ExecuteNonQuery();
        return connection;
    }

    public async Task AddAsync(AccessRule rule, CancellationToken cancellationToken)
    {
        if (AccessRule.Validate(rule.Kind, rule.Pattern) is { } problem) throw new ArgumentException(problem);
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR REPLACE INTO access_rules (kind, pattern, action, note) VALUES ($k, $p, $a, $n)";
        command.Parameters.AddWithValue("$k", rule.Kind.ToString());
        command.Parameters.AddWithValue("$p", rule.Pattern);
        command.Parameters.AddWithValue("$a", rule.Action.ToString());
        command.Parameters.AddWithValue("$n", (object?)rule.Note ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> RemoveAsync(AccessKind kind, string pattern, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM access_rules WHERE kind = $k AND pattern = $p";
        command.Parameters.AddWithValue("$k", kind.ToString());
        command.Parameters.AddWithValue("$p", pattern);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<AccessRule>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT kind, pattern, action, note FROM access_rules ORDER BY kind, pattern";
        var rules = new List<AccessRule>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rules.Add(new AccessRule(Enum.Parse<AccessKind>(reader.GetString(0)), reader.GetString(1),
                Enum.Parse<AccessAction>(reader.GetString(2)), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }
        return rules;
    }
}
