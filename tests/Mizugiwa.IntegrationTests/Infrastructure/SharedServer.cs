namespace Mizugiwa.IntegrationTests.Infrastructure;

/// <summary>One provisioned server for all tests that only send mail; they tell their messages apart by unique tokens.</summary>
public sealed class SharedServerFixture : IAsyncLifetime
{
    public ServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await ServerProcess.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SharedServerCollection : ICollectionFixture<SharedServerFixture>
{
    public const string Name = "shared server";
}
