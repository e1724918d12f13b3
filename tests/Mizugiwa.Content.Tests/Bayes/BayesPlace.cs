using Microsoft.Data.Sqlite;
using Mizugiwa.Content.Bayes;
using Mizugiwa.Testing;
using Npgsql;

namespace Mizugiwa.Content.Tests.Bayes;

/// <summary>
/// Where one test's Bayes dictionaries live: a SQLite file in a temporary folder, or a PostgreSQL schema of
/// its own (cheaper than a database per test). Every <see cref="Open"/> is a new store on the same place.
/// </summary>
public sealed class BayesPlace : IDisposable
{
    private readonly DirectoryInfo? _folder;

    private BayesPlace(DirectoryInfo? folder, string? connectionString)
    {
        _folder = folder;
        ConnectionString = connectionString;
    }

    /// <summary>The PostgreSQL connection string (search path: the test's schema); null for SQLite.</summary>
    public string? ConnectionString { get; }

    public static BayesPlace For(PostgresServer? postgres) => postgres is null
        ? new(Directory.CreateTempSubdirectory("mizugiwa-bayes-"), null)
        : new(null, new NpgsqlConnectionStringBuilder(postgres.NewSchema()) { Pooling = true }.ConnectionString);

    /// <summary>The SQLite file (null for PostgreSQL).</summary>
    public string? DatabasePath => _folder is null ? null : Path.Combine(_folder.FullName, "data", "bayes.db");

    public BayesStore Open(BayesOptions options, TimeProvider? time = null) => ConnectionString is null
        ? new BayesStore(DatabasePath!, options, time)
        : BayesStore.ForPostgres(ConnectionString, options, time);

    /// <summary>Runs <paramref name="sql"/> on the place's tables directly, past the store; the first column of the first row.</summary>
    public object? Sql(string sql)
    {
        using System.Data.Common.DbConnection connection = ConnectionString is null
            ? new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString())
            : new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        if (_folder is null) return;
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}
