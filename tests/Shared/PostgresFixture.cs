namespace Mizugiwa.Testing;

/// <summary>One real PostgreSQL for every test class of the "postgres" collection; each test makes its own database or schema in it.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;
    public async Task InitializeAsync() => Server = await PostgresServer.StartAsync();
    public async Task DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
