using Mizugiwa.Storage;
using Npgsql;

namespace Mizugiwa.Policy.Access;

/// <summary>
/// The access lists in PostgreSQL (table access_rule in the directory's database, created when missing),
/// so that every node sharing the directory applies the same lists. Patterns compare case-insensitively.
/// </summary>
public sealed class PostgresAccessStore : IAccessRuleStore, IAsyncDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS access_rule (
            kind TEXT NOT NULL, pattern_lower TEXT NOT NULL, pattern TEXT NOT NULL, action TEXT NOT NULL, note TEXT,
            PRIMARY KEY (kind, pattern_lower));
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresTable _table;

    public PostgresAccessStore(string connectionString)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _table = new PostgresTable(_dataSource, Schema);
    }

    public async Task AddAsync(AccessRule rule, CancellationToken cancellationToken)
    {
        if (AccessRule.Validate(rule.Kind, rule.Pattern) is { } problem) throw new ArgumentException(problem);
        await _table.EnsureAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO access_rule (kind, pattern_lower, pattern, action, note) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (kind, pattern_lower) DO UPDATE SET pattern = excluded.pattern, action = excluded.action, note = excluded.note
            """);
        command.Parameters.AddWithValue(rule.Kind.ToString());
        command.Parameters.AddWithValue(rule.Pattern.ToLowerInvariant());
        command.Parameters.AddWithValue(rule.Pattern);
        command.Parameters.AddWithValue(rule.Action.ToString());
        command.Parameters.AddWithValue((object?)rule.Note ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> RemoveAsync(AccessKind kind, string pattern, CancellationToken cancellationToken)
    {
        await _table.EnsureAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand("DELETE FROM access_rule WHERE kind = $1 AND pattern_lower = $2");
        command.Parameters.AddWithValue(kind.ToString());
        command.Parameters.AddWithValue(pattern.ToLowerInvariant());
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<AccessRule>> ListAsync(CancellationToken cancellationToken)
    {
        await _table.EnsureAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand("SELECT kind, pattern, action, note FROM access_rule ORDER BY kind, pattern_lower");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rules = new List<AccessRule>();
        while (await reader.ReadAsync(cancellationToken))
            rules.Add(new AccessRule(Enum.Parse<AccessKind>(reader.GetString(0)), reader.GetString(1),
                Enum.Parse<AccessAction>(reader.GetString(2)), reader.IsDBNull(3) ? null : reader.GetString(3)));
        return rules;
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        _table.Dispose();
    }
}
