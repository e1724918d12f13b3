using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Mizugiwa.Storage;

/// <summary>The directory in one SQLite file: the embedded default, for a single node.</summary>
internal sealed class SqlDirectoryDialect : DirectoryDialect
{
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;
    private readonly string _path;
    private readonly string _connectionString;

    public SqlDirectoryDialect(string databasePath)
    {
        _path = Path.GetFullPath(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = _path, Mode = SqliteOpenMode.ReadWriteCreate }.ToString();
    }

    public override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    public override void CreateSchema()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        DirectorySchema.Create(connection, _path);
        ManagementSchema.Create(connection);
    }

    public override bool IsUniqueViolation(DbException e) =>
        e is SqliteException { SqliteExtendedErrorCode: SqliteConstraintPrimaryKey or SqliteConstraintUnique };
}
