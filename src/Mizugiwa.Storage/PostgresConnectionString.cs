using Npgsql;

namespace Mizugiwa.Storage;

/// <summary>A PostgreSQL connection string checked when it is configured, and named in errors without its password.</summary>
public static class PostgresConnectionString
{
    /// <summary>The connection string in Npgsql's form; a <see cref="DirectoryException"/> naming <paramref name="owner"/> when it is not valid.</summary>
    public static string Validated(string connectionString, string owner)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString).ConnectionString;
        }
        catch (ArgumentException e)
        {
            throw new DirectoryException($"the PostgreSQL connection string of {owner} is not valid: {e.Message}");
        }
    }

    /// <summary>Host, port and database, never the password.</summary>
    public static string Describe(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"host {b.Host}, port {b.Port}, database {b.Database}";
    }
}
