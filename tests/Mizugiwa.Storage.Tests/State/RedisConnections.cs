using Mizugiwa.Storage.Tests.Support;
using StackExchange.Redis;

namespace Mizugiwa.Storage.Tests.State;

/// <summary>How the tests connect: fail fast while disconnected, quick reconnects (what docs/STATE.md recommends).</summary>
public static class RedisConnections
{
    private static readonly TimeSpan ConnectLimit = TimeSpan.FromSeconds(15);

    /// <summary>Timeouts are generous so that a loaded test machine does not look like a Redis failure.</summary>
    public static ConfigurationOptions Options(RedisServer server) => new()
    {
        EndPoints = { server.EndPoint },
        AbortOnConnectFail = false,
        ConnectTimeout = 5000,
        AsyncTimeout = 5000,
        SyncTimeout = 5000,
        BacklogPolicy = BacklogPolicy.FailFast,
        ReconnectRetryPolicy = new LinearRetry(100),
    };

    /// <summary>Connects and waits (bounded) until the connection is up: with AbortOnConnectFail off, ConnectAsync may return before.</summary>
    public static async Task<ConnectionMultiplexer> ConnectAsync(RedisServer server)
    {
        var redis = await ConnectionMultiplexer.ConnectAsync(Options(server)).WaitAsync(ConnectLimit);
        using var limit = new CancellationTokenSource(ConnectLimit);
        while (!redis.IsConnected) await Task.Delay(20, limit.Token);
        return redis;
    }
}
