using System.Data.Common;
using Npgsql;

namespace Mizugiwa.Storage;

/// <summary>The directory in PostgreSQL: one directory shared by every node.</summary>
internal sealed class PostgresDirectoryDialect(string connectionString) : DirectoryDialect
{
    private readonly string _connectionString = PostgresConnectionString.Validated(connectionString, "the directory");

    public override DbConnection CreateConnection() => new NpgsqlConnection(_connectionString);

    public override void CreateSchema()
    {
        try
        {
            PostgresDirectorySchema.Create(_connectionString);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new StoreUnavailableException($"cannot open the PostgreSQL directory ({PostgresConnectionString.Describe(_connectionString)}): {e.Message}", e);
        }
    }

    public override bool IsUniqueViolation(DbException e) => e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
