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

    private static async Task<List<T>> ReadAsync<T>(DbConnection c, Func<DbDataReader, T> row, string sql, object[] args, CancellationToken ct)
    {
        await using var command = Command(c, sql, args);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct)) rows.Add(row(reader));
        return rows;
    }
}
