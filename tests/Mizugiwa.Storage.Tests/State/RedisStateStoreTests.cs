using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Storage.State;
using StackExchange.Redis;

namespace Mizugiwa.Storage.Tests.State;

/// <summary>What only the Redis store does: one round trip per operation, the key layout, Redis TTLs.</summary>
public sealed class RedisStateStoreTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));
    private readonly string _prefix = $"t{Guid.NewGuid():N}:";

    private RedisStateStore NewStore() => new(redis.Redis, _time, new RedisStateOptions { KeyPrefix = _prefix });

    private IDatabase Raw => redis.Redis.GetDatabase();

    [Fact]
    public async Task Every_operation_but_list_is_one_round_trip()
    {
        var store = NewStore();
        var steps = new Func<Task>[]
        {
            async () => await store.AddToWindowAsync("w", TimeSpan.FromMinutes(1), 1, None),
            async () => await store.GetWindowAsync("w", TimeSpan.FromMinutes(1), None),
            async () => await store.AdjustGaugeAsync("g", 1, TimeSpan.FromMinutes(1), None),
            async () => await store.GetGaugeAsync("g", None),
            async () => await store.SetAsync("k", "v", TimeSpan.FromMinutes(1), None),
            async () => await store.GetAsync("k", None),
            async () => await store.DeleteAsync("k", None),
        };
        foreach (var step in steps)
        {
            var before = store.RoundTrips;
            await step();
            Assert.Equal(before + 1, store.RoundTrips);
        }
    }

    [Fact]
    public async Task Scripts_run_by_hash_once_the_server_knows_them()
    {
        var store = NewStore();
        await store.AddToWindowAsync("w", TimeSpan.FromMinutes(1), 1, None);
        var before = await EvalCountsAsync();
        for (int i = 0; i < 10; i++) await store.AddToWindowAsync("w", TimeSpan.FromMinutes(1), 1, None);
        var after = await EvalCountsAsync();
        Assert.Equal(before.Eval, after.Eval);
        Assert.Equal(before.EvalSha + 10, after.EvalSha);
    }

    [Fact]
    public async Task Keys_live_under_the_prefix_and_all_carry_a_redis_ttl()
    {
        var store = NewStore();
        await store.AddToWindowAsync("rcpt:192.0.2.1", TimeSpan.FromMinutes(1), 1, None);
        await store.AdjustGaugeAsync("conn:192.0.2.1", 1, TimeSpan.FromMinutes(2), None);
        await store.SetAsync("block:192.0.2.1", "harvest", TimeSpan.FromMinutes(15), None);

        var window = await Raw.KeyTimeToLiveAsync(_prefix + "w:60000:rcpt:192.0.2.1");
        var gauge = await Raw.KeyTimeToLiveAsync(_prefix + "g:conn:192.0.2.1");
        var key = await Raw.KeyTimeToLiveAsync(_prefix + "k:block:192.0.2.1");
        Assert.InRange(window!.Value, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(63));
        Assert.InRange(gauge!.Value, TimeSpan.FromSeconds(110), TimeSpan.FromMinutes(2));
        Assert.InRange(key!.Value, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        var expiresMs = (_time.GetUtcNow() + TimeSpan.FromMinutes(15)).ToUnixTimeMilliseconds();
        Assert.Equal($"{expiresMs}|harvest", (string?)await Raw.StringGetAsync(_prefix + "k:block:192.0.2.1"));
    }

    [Fact]
    public async Task A_window_hash_keeps_only_the_buckets_inside_the_window()
    {
        var store = NewStore();
        for (int i = 0; i < 100; i++)
        {
            await store.AddToWindowAsync("w", TimeSpan.FromSeconds(60), 1, None);
            _time.Advance(TimeSpan.FromSeconds(3));
        }
        Assert.InRange(await Raw.HashLengthAsync(_prefix + "w:60000:w"), 1, 20);
        Assert.Equal(19, await store.GetWindowAsync("w", TimeSpan.FromSeconds(60), None));
    }

    [Fact]
    public async Task A_gauge_left_alone_is_removed_by_redis_after_its_ttl()
    {
        var store = NewStore();
        await store.AdjustGaugeAsync("conn", 5, TimeSpan.FromMilliseconds(200), None);
        Assert.Equal(5, await store.GetGaugeAsync("conn", None));
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (await store.GetGaugeAsync("conn", None) != 0) await Task.Delay(50, limit.Token);
    }

    [Fact]
    public async Task List_pages_through_scan()
    {
        var store = new RedisStateStore(redis.Redis, _time, new RedisStateOptions { KeyPrefix = _prefix, ListPageSize = 10 });
        for (int i = 0; i < 50; i++) await store.SetAsync($"block:{i:D3}", "v", TimeSpan.FromMinutes(5), None);
        var list = await store.ListAsync("block:", None);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"block:{i:D3}"), list.Select(e => e.Key));
    }

    [Fact]
    public async Task List_stops_at_its_bound()
    {
        var store = new RedisStateStore(redis.Redis, _time, new RedisStateOptions { KeyPrefix = _prefix, MaxListEntries = 7 });
        for (int i = 0; i < 20; i++) await store.SetAsync($"block:{i:D3}", "v", TimeSpan.FromMinutes(5), None);
        Assert.Equal(7, (await store.ListAsync("block:", None)).Count);
    }

    private async Task<(long Eval, long EvalSha)> EvalCountsAsync()
    {
        var options = RedisConnections.Options(redis.Server);
        options.AllowAdmin = true;
        await using var admin = await ConnectionMultiplexer.ConnectAsync(options).WaitAsync(TimeSpan.FromSeconds(10));
        var info = (string)(await admin.GetDatabase().ExecuteAsync("INFO", "commandstats"))!;
        return (Calls(info, "cmdstat_eval:"), Calls(info, "cmdstat_evalsha:"));
    }

    private static long Calls(string info, string stat)
    {
        var line = info.Split('\n').FirstOrDefault(l => l.StartsWith(stat, StringComparison.Ordinal));
        if (line is null) return 0;
        var calls = line[(line.IndexOf("calls=", StringComparison.Ordinal) + 6)..];
        return long.Parse(calls[..calls.IndexOf(',', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
    }
}
