using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Policy.Greylist;
using Mizugiwa.Storage.Tests.Support;
using Mizugiwa.Testing;
using StackExchange.Redis;

namespace Mizugiwa.Policy.Tests.Greylist;

/// <summary>
/// Greylisting on a real redis-server: the store's records and TTLs, two nodes sharing triplets,
/// and the failover to the local SQLite store while Redis is away.
/// </summary>
public sealed class RedisGreylistStoreTests : IAsyncLifetime
{
    private static readonly GreylistKey Key = new("192.0.2", "alice@sender.example", "bob@ours.example");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
    private readonly GreylistOptions _options = new();
    private readonly string _sqlitePath = Path.Combine(Path.GetTempPath(), $"mizugiwa-greylist-{Guid.NewGuid():N}.db");
    private RedisServer _server = null!;
    private ConnectionMultiplexer _redis = null!;
    private RedisGreylistStore _store = null!;

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        _redis = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { _server.EndPoint },
            AbortOnConnectFail = false,
            ConnectTimeout = 5000,
            AsyncTimeout = 5000,
            SyncTimeout = 5000,
            BacklogPolicy = BacklogPolicy.FailFast,
            ReconnectRetryPolicy = new LinearRetry(100),
        }).WaitAsync(TimeSpan.FromSeconds(15));
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!_redis.IsConnected) await Task.Delay(20, limit.Token); // AbortOnConnectFail off: ConnectAsync may return before
        _store = new RedisGreylistStore(_redis, _options, _time);
    }

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        await _server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_sqlitePath + suffix);
    }

    [Fact]
    public async Task A_triplet_is_stored_replaced_and_read_back()
    {
        Assert.Null(await _store.GetAsync(Key));
        var now = _time.GetUtcNow();
        await _store.PutAsync(Key, new GreylistEntry(now, now, 0));
        Assert.Equal(new GreylistEntry(now, now, 0), await _store.GetAsync(Key));
        await _store.PutAsync(Key, new GreylistEntry(now, now.AddMinutes(6), 1));
        Assert.Equal(new GreylistEntry(now, now.AddMinutes(6), 1), await _store.GetAsync(Key));
        Assert.Null(await _store.GetAsync(Key with { Recipient = "carol@ours.example" }));
    }

    [Fact]
    public async Task Client_passes_count_up_and_keep_the_latest_time()
    {
        Assert.Null(await _store.GetClientAsync("bigsender.example"));
        var now = _time.GetUtcNow();
        Assert.Equal(new GreylistClient(1, now), await _store.AddClientPassAsync("bigsender.example", now));
        Assert.Equal(new GreylistClient(2, now.AddHours(1)), await _store.AddClientPassAsync("bigsender.example", now.AddHours(1)));
        Assert.Equal(new GreylistClient(3, now.AddHours(1)), await _store.AddClientPassAsync("bigsender.example", now));
        Assert.Equal(new GreylistClient(3, now.AddHours(1)), await _store.GetClientAsync("bigsender.example"));
    }

    [Fact]
    public async Task Records_expire_in_redis_when_the_sqlite_purge_would_remove_them()
    {
        var now = _time.GetUtcNow();
        var unpassed = Key with { Recipient = "unpassed@ours.example" };
        await _store.PutAsync(Key, new GreylistEntry(now, now, 1));
        await _store.PutAsync(unpassed, new GreylistEntry(now, now, 0));
        await _store.AddClientPassAsync("192.0.2", now);

        var raw = _redis.GetDatabase();
        Assert.InRange((await raw.KeyTimeToLiveAsync($"mzg:gl:t:{Key.Client}\n{Key.Sender}\n{Key.Recipient}"))!.Value, _options.Expiry - TimeSpan.FromMinutes(1), _options.Expiry);
        Assert.InRange((await raw.KeyTimeToLiveAsync($"mzg:gl:t:{unpassed.Client}\n{unpassed.Sender}\n{unpassed.Recipient}"))!.Value, _options.RetryWindow - TimeSpan.FromMinutes(1), _options.RetryWindow);
        Assert.InRange((await raw.KeyTimeToLiveAsync("mzg:gl:c:192.0.2"))!.Value, _options.Expiry - TimeSpan.FromMinutes(1), _options.Expiry);
        Assert.Equal(0, await _store.PurgeAsync(now, now));
    }

    [Fact]
    public async Task Greylisting_over_redis_defers_then_passes_after_the_delay()
    {
        var greylister = new Greylister(_store, _options, _time);
        Assert.False((await CheckAsync(greylister)).Passed);
        _time.Advance(TimeSpan.FromSeconds(299));
        Assert.Equal(1, (await CheckAsync(greylister)).SecondsLeft);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(GreylistPassReason.RetriedAfterDelay, (await CheckAsync(greylister)).Reason);
        Assert.Equal(GreylistPassReason.KnownTriplet, (await CheckAsync(greylister)).Reason);
    }

    [Fact]
    public async Task A_retry_that_reaches_another_node_passes()
    {
        var nodeA = new Greylister(new RedisGreylistStore(_redis, _options, _time), _options, _time);
        var nodeB = new Greylister(new RedisGreylistStore(_redis, _options, _time), _options, _time);
        Assert.False((await CheckAsync(nodeA)).Passed);
        _time.Advance(TimeSpan.FromSeconds(301));
        Assert.Equal(GreylistPassReason.RetriedAfterDelay, (await CheckAsync(nodeB)).Reason);
    }

    [Fact]
    public async Task A_client_auto_whitelisted_on_one_node_is_whitelisted_on_the_other()
    {
        var options = _options with { AutoWhitelistAfter = 2 };
        var nodeA = new Greylister(new RedisGreylistStore(_redis, options, _time), options, _time);
        var nodeB = new Greylister(new RedisGreylistStore(_redis, options, _time), options, _time);
        for (int i = 0; i < 2; i++)
        {
            var recipient = $"user{i}@ours.example";
            await CheckAsync(nodeA, recipient);
            _time.Advance(TimeSpan.FromSeconds(301));
            Assert.True((await CheckAsync(nodeA, recipient)).Passed);
        }
        Assert.Equal(GreylistPassReason.AutoWhitelistedClient, (await CheckAsync(nodeB, "new@ours.example")).Reason);
    }

    [Fact]
    public async Task While_redis_is_down_greylisting_goes_on_locally_and_comes_back_to_redis()
    {
        var logger = new ListLogger<FailoverGreylistStore>();
        var failover = new FailoverGreylistStore(_store, new SqliteGreylistStore(_sqlitePath), _time, logger, TimeSpan.FromSeconds(5));
        var greylister = new Greylister(failover, _options, _time);

        await _server.StopAsync();
        Assert.False((await CheckAsync(greylister)).Passed); // first sighting, recorded locally
        Assert.False(failover.IsShared);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.False((await CheckAsync(greylister, "other@ours.example")).Passed);
        Assert.Equal(1, logger.Lines.Count(l => l.Level == LogLevel.Error));

        await _server.RestartAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!failover.IsShared)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            await failover.GetClientAsync("probe");
            if (!failover.IsShared) await Task.Delay(100, limit.Token);
        }
        Assert.Equal(1, logger.Lines.Count(l => l.Level == LogLevel.Warning));

        // The retry of the triplet first seen during the outage passes: Redis does not know it, the local store does.
        _time.Advance(TimeSpan.FromSeconds(300));
        Assert.Equal(GreylistPassReason.RetriedAfterDelay, (await CheckAsync(greylister)).Reason);
        Assert.NotNull(await _store.GetAsync(GreylistKey.From(IPAddress.Parse("192.0.2.1"), "alice@sender.example", "bob@ours.example")));
    }

    private static Task<GreylistDecision> CheckAsync(Greylister greylister, string recipient = "bob@ours.example") =>
        greylister.CheckAsync(IPAddress.Parse("192.0.2.1"), null, "alice@sender.example", recipient);
}
