using Microsoft.Data.Sqlite;

namespace Mizugiwa.Storage;

/// <summary>Small helpers to run parameterized statements; parameters are named $p0, $p1, ...</summary>
public sealed partial class SqliteDirectory
{
    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection c, string sql, object[] args)
    {
        var command = c.CreateCommand(); // takes the connection's open transaction, if any
        command.CommandText = sql;
        for (int i = 0; i < args.Length; i++) command.Parameters.AddWithValue($"$p{i}", args[i]);
        return command;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection c, string sql, object[] args, CancellationToken ct)
    {
        await using var command = Command(c, sql, args);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<long> CountAsync(SqliteConnection c, string sql, object[] args, CancellationToken ct)
    {
        await using var command = Command(c, sql, args);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task<List<T>> ReadAsync<T>(SqliteConnection c, Func<SqliteDataReader, T> row, string sql, object[] args, CancellationToken ct)
    {
        await using var command = Command(c, sql, args);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct)) rows.Add(row(reader));
        return rows;
    }
}
