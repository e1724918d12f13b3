using Mizugiwa.Storage.Tests.Support;
using StackExchange.Redis;

namespace Mizugiwa.Storage.Tests.State;

/// <summary>One real redis-server and a connection to it, shared by the tests of a class (each test uses its own key prefix).</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisServer? _server;
    private ConnectionMultiplexer? _redis;

    public RedisServer Server => _server ?? throw new InvalidOperationException("not started");
    public ConnectionMultiplexer Redis => _redis ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        _redis = await RedisConnections.ConnectAsync(_server);
    }

    public async Task DisposeAsync()
    {
        if (_redis is not null) await _redis.DisposeAsync();
        if (_server is not null) await _server.DisposeAsync();
    }
}
