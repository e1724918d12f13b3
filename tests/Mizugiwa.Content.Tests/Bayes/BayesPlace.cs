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
        : new(null, NewSchema(postgres));

    public BayesStore Open(BayesOptions options) => ConnectionString is null
        ? new BayesStore(Path.Combine(_folder!.FullName, "data", "bayes.db"), options)
        : BayesStore.ForPostgres(ConnectionString, options);

    private static string NewSchema(PostgresServer postgres)
    {
        var schema = "t_" + Guid.NewGuid().ToString("N");
        var connectionString = postgres.ConnectionString("postgres");
        using (var connection = new NpgsqlConnection(connectionString))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            command.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema, Pooling = true }.ConnectionString;
    }

    public void Dispose()
    {
        if (_folder is null) return;
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }
}

/// <summary>One PostgreSQL server for all the Bayes tests that need one.</summary>
public sealed class BayesPostgresFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;
    public async Task InitializeAsync() => Server = await PostgresServer.StartAsync();
    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BayesPostgresCollection : ICollectionFixture<BayesPostgresFixture>
{
    public const string Name = "bayes-postgres";
}
