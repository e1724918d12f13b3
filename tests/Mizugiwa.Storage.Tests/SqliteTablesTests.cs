using Microsoft.Data.Sqlite;

namespace Mizugiwa.Storage.Tests;

public sealed class SqliteTablesTests
{
    [Fact]
    public void A_table_exists_once_made_and_a_view_or_index_of_that_name_is_no_table()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE t (a INTEGER); CREATE VIEW v AS SELECT a FROM t; CREATE INDEX i ON t (a)";

        Assert.False(SqliteTables.Exists(connection, "t"));
        command.ExecuteNonQuery();

        Assert.True(SqliteTables.Exists(connection, "t"));
        Assert.False(SqliteTables.Exists(connection, "v"));
        Assert.False(SqliteTables.Exists(connection, "i"));
        Assert.False(SqliteTables.Exists(connection, "t' OR '1'='1"));
    }
}
