using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Mizugiwa.Storage;

/// <summary>Schema upgrades of SQLite files: CREATE TABLE IF NOT EXISTS never adds a column to a table an older version made.</summary>
public static class SqliteColumns
{
    /// <param name="definition">The column's type and constraints, e.g. "TEXT" or "REAL NOT NULL DEFAULT 0".</param>
    public static void AddIfMissing(SqliteConnection connection, string table, string column, string definition)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM pragma_table_info('{table}') WHERE name = '{column}'";
        if (Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0) return;
        command.CommandText = $"ALTER TABLE {table} ADD COLUMN {column} {definition}";
        command.ExecuteNonQuery();
    }
}
