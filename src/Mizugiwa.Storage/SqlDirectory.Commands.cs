using System.Data.Common;

namespace Mizugiwa.Storage;

/// <summary>
/// Small helpers to run parameterized statements; parameters are named @p0, @p1, ..., a spelling both
/// SQLite and PostgreSQL (Npgsql) take, so every statement is written once for both engines.
/// </summary>
public sealed partial class SqlDirectory
{
    private async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = _dialect.CreateConnection();
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static DbCommand Command(DbConnection c, string sql, object[] args)
    {
        var command = c.CreateCommand(); // both engines run it in the connection's open transaction, if any
        command.CommandText = sql;
        for (int i = 0; i < args.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            parameter.Value = args[i];
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private async Task<int> ExecuteAsync(DbConnection c, string sql, object[] args, CancellationToken ct)
    {
        await using var command = Command(c, sql, args);
        try
        {
            return await command.ExecuteNonQueryAsync(ct);
        }
        catch (DbException e) when (_dialect.IsUniqueViolation(e))
        {
            // Another node (PostgreSQL) added the same key between our check and our insert.
            throw new DirectoryException($"the entry was added at the same time by someone else: {e.Message}");
        }
    }

    private static async Task<long> CountAsync(DbConnection c, string sql, object[] args, CancellationToken ct)
    {
        await using var command = Command(c, sql, args);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>"@p{first}, @p{first+1}, …": <paramref name="count"/> parameters for an IN list.</summary>
    private static string Placeholders(int first, int count) =>
        string.Join(", ", Enumerable.Range(first, count).Select(i => $"@p{i}"));

    /// <summary>The key of each mailbox (null for one that is no account address, such as "postmaster"), and the distinct keys to ask for.</summary>
    private static (IReadOnlyList<string?> Keys, string[] Distinct) MailboxKeys(IReadOnlyList<string> mailboxes)
    {
        var keys = mailboxes.Select(m => DirectoryAddress.TryParse(m)?.Key).ToList();
        return (keys, [.. keys.OfType<string>().Distinct(StringComparer.Ordinal)]);
    }

    private static async Task<List<T>> ReadAsync<T>(DbConnection c, Func<DbDataReader, T> row, string sql, object[] args, CancellationToken ct)
    {
        await using var command = Command(c, sql, args);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct)) rows.Add(row(reader));
        return rows;
    }
}
