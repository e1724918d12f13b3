using System.Data.Common;
using Npgsql;

namespace Mizugiwa.Storage;

/// <summary>The directory in PostgreSQL: one directory shared by every node.</summary>
internal sealed class PostgresDirectoryDialect(string connectionString) : DirectoryDialect
{
    private readonly string _connectionString = Validated(connectionString);

    public override DbConnection CreateConnection() => new NpgsqlConnection(_connectionString);

    public override void CreateSchema()
    {
        try
        {
            PostgresDirectorySchema.Create(_connectionString);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new DirectoryException($"cannot open the PostgreSQL directory ({Describe(_connectionString)}): {e.Message}");
        }
    }

    public override bool IsUniqueViolation(DbException e) => e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    private static string Validated(string connectionString)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString).ConnectionString;
        }
        catch (ArgumentException e)
        {
            throw new DirectoryException($"the PostgreSQL connection string of the directory is not valid: {e.Message}");
        }
    }

    /// <summary>Host, port and database, never the password.</summary>
    private static string Describe(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"host {b.Host}, port {b.Port}, database {b.Database}";
    }
}
