using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Mizugiwa.Storage;

/// <summary>Questions about the tables of a SQLite file, e.g. whether a file opened read-only holds a store at all.</summary>
public static class SqliteTables
{
    public static bool Exists(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = @name";
        command.Parameters.AddWithValue("@name", table);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }
}
