using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Storage.State;
using Mizugiwa.Storage.Tests.Support;
using StackExchange.Redis;
using Mizugiwa.Testing;

namespace Mizugiwa.Storage.Tests.State;

/// <summary>Redis goes away mid-test and comes back on the same port: nothing throws, counting goes local and back.</summary>
public sealed class FailoverStateStoreTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));
    private readonly ListLogger<FailoverStateStore> _log = new();
    private readonly StateDatabase _database = new();
    private RedisServer _server = null!;
    private ConnectionMultiplexer _redis = null!;
    private RedisStateStore _shared = null!;
    private EmbeddedStateStore _local = null!;
    private FailoverStateStore _store = null!;

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        _redis = await RedisConnections.ConnectAsync(_server);
        _shared = new RedisStateStore(_redis, _time);
        _local = new EmbeddedStateStore(_database.Path, _time);
        _store = new FailoverStateStore(_shared, _local, _time, _log, new FailoverOptions { RetryInterval = RetryInterval });
    }

    public async Task DisposeAsync()
    {
        _local.Dispose();
        await _redis.DisposeAsync();
        await _server.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task While_redis_answers_everything_goes_to_it()
    {
        Assert.Equal(1, await _store.AddToWindowAsync("w", Window, 1, None));
        await _store.SetAsync("block:192.0.2.1", "x", TimeSpan.FromMinutes(5), None);
        Assert.True(_store.IsShared);
        Assert.Equal(2, _shared.RoundTrips);
        Assert.Equal(0, await _local.GetWindowAsync("w", Window, None));
        Assert.Null(await _local.GetAsync("block:192.0.2.1", None));
        Assert.Empty(_log.Lines);
    }

    [Fact]
    public async Task When_redis_dies_operations_are_answered_locally_and_the_error_is_logged_once()
    {
        await _store.AddToWindowAsync("w", Window, 5, None);
        await _server.StopAsync();

        Assert.Equal(1, await _store.AddToWindowAsync("w", Window, 1, None));
        Assert.False(_store.IsShared);
        Assert.Equal(2, await _store.AddToWindowAsync("w", Window, 1, None));
        Assert.Equal(1, await _store.AdjustGaugeAsync("conn", 1, TimeSpan.FromMinutes(1), None));
        Assert.Equal(1, await _store.GetGaugeAsync("conn", None));
        await _store.SetAsync("block:192.0.2.1", "during outage", TimeSpan.FromMinutes(5), None);
        Assert.Equal("during outage", (await _store.GetAsync("block:192.0.2.1", None))!.Value);
        Assert.Single(await _store.ListAsync("block:", None));
        _time.Advance(RetryInterval); // a retry fails too: still no second error
        Assert.Equal(3, await _store.AddToWindowAsync("w", Window, 1, None));

        var error = Assert.Single(_log.Lines, e => e.Level == LogLevel.Error);
        Assert.Contains("shared state store unavailable: counting locally on this node", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_redis_returns_the_store_goes_back_to_it_after_the_retry_interval()
    {
        await _store.AddToWindowAsync("w", Window, 5, None);
        await _server.StopAsync();
        await _store.SetAsync("block:192.0.2.1", "during outage", TimeSpan.FromMinutes(5), None);
        Assert.False(_store.IsShared);

        await _server.RestartAsync();
        await _store.AddToWindowAsync("w", Window, 1, None);
        Assert.False(_store.IsShared); // no retry before the interval

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!_store.IsShared)
        {
            _time.Advance(RetryInterval);
            await _store.GetWindowAsync("w", Window, None);
            if (!_store.IsShared) await Task.Delay(100, limit.Token);
        }

        // Redis came back empty (no persistence): shared counting starts over there.
        Assert.Equal(1, await _store.AddToWindowAsync("w", Window, 1, None));
        Assert.Equal(1, _log.Lines.Count(l => l.Level == LogLevel.Error));
        Assert.Contains("available again", Assert.Single(_log.Lines, e => e.Level == LogLevel.Warning).Message, StringComparison.Ordinal);

        // The block set during the outage is still enforced on this node, and can be released.
        Assert.Equal("during outage", (await _store.GetAsync("block:192.0.2.1", None))!.Value);
        Assert.Single(await _store.ListAsync("block:", None));
        Assert.True(await _store.DeleteAsync("block:192.0.2.1", None));
        Assert.Null(await _store.GetAsync("block:192.0.2.1", None));
    }

    [Fact]
    public async Task A_disposed_connection_counts_as_down()
    {
        await _redis.DisposeAsync();
        Assert.Equal(1, await _store.AddToWindowAsync("w", Window, 1, None));
        Assert.False(_store.IsShared);
        Assert.Null(await _store.GetAsync("nothing", None));
        Assert.False(await _store.DeleteAsync("nothing", None));
    }

    [Fact]
    public async Task A_cancelled_caller_gets_its_cancellation_not_a_failover()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await _store.AddToWindowAsync("w", Window, 1, cancelled.Token));
        Assert.True(_store.IsShared);
    }
}
