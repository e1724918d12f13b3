using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Storage.State;

namespace Mizugiwa.Storage.Tests.State;

/// <summary>What only the embedded store does: the file, the sweep, gauge expiry by the fake clock.</summary>
public sealed class EmbeddedStateStoreTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));
    private readonly StateDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Blocks_survive_a_restart_and_expired_or_deleted_ones_do_not()
    {
        using (var store = new EmbeddedStateStore(_database.Path, _time))
        {
            await store.SetAsync("block:192.0.2.1", "long", TimeSpan.FromHours(1), None);
            await store.SetAsync("block:192.0.2.2", "short", TimeSpan.FromMinutes(5), None);
            await store.SetAsync("block:192.0.2.3", "released", TimeSpan.FromHours(1), None);
            await store.DeleteAsync("block:192.0.2.3", None);
        }
        _time.Advance(TimeSpan.FromMinutes(10));
        using var again = new EmbeddedStateStore(_database.Path, _time);
        var entry = await again.GetAsync("block:192.0.2.1", None);
        Assert.Equal("long", entry!.Value);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMinutes(50), entry.ExpiresAt);
        Assert.Null(await again.GetAsync("block:192.0.2.2", None));
        Assert.Null(await again.GetAsync("block:192.0.2.3", None));
        Assert.Single(await again.ListAsync("block:", None));
    }

    [Fact]
    public async Task A_release_by_another_process_takes_effect_at_once_and_its_blocks_show_after_a_sweep()
    {
        using var server = new EmbeddedStateStore(_database.Path, _time);
        await server.SetAsync("block:192.0.2.1", "harvest", TimeSpan.FromHours(1), None);
        Assert.NotNull(await server.GetAsync("block:192.0.2.1", None));

        using (var command = new EmbeddedStateStore(_database.Path, _time)) // mizugiwa blocks release
        {
            Assert.Single(await command.ListAsync("block:", None));
            Assert.True(await command.DeleteAsync("block:192.0.2.1", None));
            await command.SetAsync("block:192.0.2.9", "manual", TimeSpan.FromHours(1), None);
        }
        Assert.Null(await server.GetAsync("block:192.0.2.1", None));
        Assert.Equal(["block:192.0.2.9"], (await server.ListAsync("block:", None)).Select(e => e.Key));
        server.Sweep();
        Assert.Equal("manual", (await server.GetAsync("block:192.0.2.9", None))!.Value);
    }

    [Fact]
    public async Task Counters_and_gauges_start_from_zero_after_a_restart()
    {
        using (var store = new EmbeddedStateStore(_database.Path, _time))
        {
            await store.AddToWindowAsync("w", TimeSpan.FromHours(1), 5, None);
            await store.AdjustGaugeAsync("g", 3, TimeSpan.FromHours(1), None);
        }
        using var again = new EmbeddedStateStore(_database.Path, _time);
        Assert.Equal(0, await again.GetWindowAsync("w", TimeSpan.FromHours(1), None));
        Assert.Equal(0, await again.GetGaugeAsync("g", None));
    }

    [Fact]
    public async Task Without_a_file_everything_is_in_memory()
    {
        using var store = new EmbeddedStateStore(null, _time);
        await store.SetAsync("k", "v", TimeSpan.FromMinutes(1), None);
        Assert.Equal("v", (await store.GetAsync("k", None))!.Value);
    }

    [Fact]
    public async Task A_gauge_expires_its_time_to_live_after_its_last_change()
    {
        using var store = new EmbeddedStateStore(null, _time);
        await store.AdjustGaugeAsync("conn", 2, TimeSpan.FromMinutes(5), None);
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(3, await store.AdjustGaugeAsync("conn", 1, TimeSpan.FromMinutes(5), None));
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(3, await store.GetGaugeAsync("conn", None));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await store.GetGaugeAsync("conn", None));
        Assert.Equal(1, await store.AdjustGaugeAsync("conn", 1, TimeSpan.FromMinutes(5), None));
    }

    [Fact]
    public async Task The_periodic_sweep_drops_expired_entries_from_memory_and_file()
    {
        using var store = new EmbeddedStateStore(_database.Path, _time, new EmbeddedStateOptions { SweepInterval = TimeSpan.FromMinutes(1) });
        for (int i = 0; i < 1000; i++)
        {
            await store.AddToWindowAsync($"w{i}", TimeSpan.FromSeconds(30), 1, None);
            await store.AdjustGaugeAsync($"g{i}", 1, TimeSpan.FromSeconds(30), None);
            await store.SetAsync($"k{i}", "v", TimeSpan.FromSeconds(30), None);
        }
        await store.SetAsync("keep", "v", TimeSpan.FromHours(1), None);
        await store.AddToWindowAsync("keep", TimeSpan.FromHours(1), 1, None);
        Assert.Equal(3002, store.EntryCount);

        _time.Advance(TimeSpan.FromMinutes(1)); // the sweep timer fires
        Assert.Equal(2, store.EntryCount);
        Assert.Equal(1, await store.GetWindowAsync("keep", TimeSpan.FromHours(1), None));

        using var again = new EmbeddedStateStore(_database.Path, _time);
        Assert.Equal(1, again.EntryCount);
    }

    [Fact]
    public async Task A_window_shorter_than_its_bucket_count_in_milliseconds_still_works()
    {
        using var store = new EmbeddedStateStore(null, _time);
        Assert.Equal(1, await store.AddToWindowAsync("tiny", TimeSpan.FromMilliseconds(5), 1, None));
        _time.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal(0, await store.GetWindowAsync("tiny", TimeSpan.FromMilliseconds(5), None));
    }

    [Fact]
    public async Task A_clock_that_steps_back_does_not_lose_counts()
    {
        var clock = new SteppingClock(_time.GetUtcNow());
        using var store = new EmbeddedStateStore(null, clock);
        await store.AddToWindowAsync("w", TimeSpan.FromMinutes(1), 1, None);
        clock.Now -= TimeSpan.FromSeconds(10);
        Assert.Equal(2, await store.AddToWindowAsync("w", TimeSpan.FromMinutes(1), 1, None));
    }

    /// <summary>A clock that can be set back (FakeTimeProvider cannot).</summary>
    private sealed class SteppingClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
