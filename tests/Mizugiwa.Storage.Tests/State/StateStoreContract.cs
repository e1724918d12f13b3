using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Core.State;

namespace Mizugiwa.Storage.Tests.State;

/// <summary>What every <see cref="IStateStore"/> does; one subclass per backend. Time is fake: the store's "now" comes from <see cref="Time"/>.</summary>
public abstract class StateStoreContract
{
    private static readonly CancellationToken None = CancellationToken.None;

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));

    protected abstract IStateStore Store { get; }

    [Fact]
    public async Task A_window_sums_what_was_added_and_reads_without_adding()
    {
        Assert.Equal(1, await Store.AddToWindowAsync("rcpt:192.0.2.1", TimeSpan.FromMinutes(1), 1, None));
        Assert.Equal(3, await Store.AddToWindowAsync("rcpt:192.0.2.1", TimeSpan.FromMinutes(1), 2, None));
        Assert.Equal(3, await Store.AddToWindowAsync("rcpt:192.0.2.1", TimeSpan.FromMinutes(1), 0, None));
        Assert.Equal(3, await Store.GetWindowAsync("rcpt:192.0.2.1", TimeSpan.FromMinutes(1), None));
    }

    [Fact]
    public async Task An_unknown_window_is_zero()
    {
        Assert.Equal(0, await Store.GetWindowAsync("nothing", TimeSpan.FromMinutes(1), None));
    }

    [Fact]
    public async Task A_window_slides_events_leave_it_one_by_one()
    {
        var window = TimeSpan.FromSeconds(60); // 20 buckets of 3 s
        await Store.AddToWindowAsync("k", window, 1, None);
        Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(2, await Store.AddToWindowAsync("k", window, 1, None));
        Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(1, await Store.GetWindowAsync("k", window, None));
        Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, await Store.GetWindowAsync("k", window, None));
        Assert.Equal(1, await Store.AddToWindowAsync("k", window, 1, None));
    }

    [Fact]
    public async Task An_event_at_the_end_of_a_bucket_leaves_the_window_one_bucket_width_early()
    {
        var window = TimeSpan.FromSeconds(60);
        Time.Advance(TimeSpan.FromMilliseconds(2999 - Time.GetUtcNow().ToUnixTimeMilliseconds() % 3000)); // last ms of a bucket
        await Store.AddToWindowAsync("edge", window, 1, None);
        Time.Advance(TimeSpan.FromSeconds(57));
        Assert.Equal(1, await Store.GetWindowAsync("edge", window, None));
        Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, await Store.GetWindowAsync("edge", window, None));
    }

    [Fact]
    public async Task Keys_and_window_lengths_count_separately()
    {
        await Store.AddToWindowAsync("a", TimeSpan.FromSeconds(10), 1, None);
        await Store.AddToWindowAsync("a", TimeSpan.FromMinutes(10), 5, None);
        await Store.AddToWindowAsync("b", TimeSpan.FromSeconds(10), 7, None);
        Assert.Equal(1, await Store.GetWindowAsync("a", TimeSpan.FromSeconds(10), None));
        Assert.Equal(5, await Store.GetWindowAsync("a", TimeSpan.FromMinutes(10), None));
        Assert.Equal(7, await Store.GetWindowAsync("b", TimeSpan.FromSeconds(10), None));
    }

    [Fact]
    public async Task Concurrent_adds_are_all_counted()
    {
        var tasks = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (int i = 0; i < 100; i++) await Store.AddToWindowAsync("busy", TimeSpan.FromMinutes(5), 1, None);
        }));
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(800, await Store.GetWindowAsync("busy", TimeSpan.FromMinutes(5), None));
    }

    [Fact]
    public async Task A_gauge_goes_up_and_down_and_never_below_zero()
    {
        var ttl = TimeSpan.FromMinutes(10);
        Assert.Equal(1, await Store.AdjustGaugeAsync("conn:192.0.2.1", 1, ttl, None));
        Assert.Equal(2, await Store.AdjustGaugeAsync("conn:192.0.2.1", 1, ttl, None));
        Assert.Equal(1, await Store.AdjustGaugeAsync("conn:192.0.2.1", -1, ttl, None));
        Assert.Equal(1, await Store.GetGaugeAsync("conn:192.0.2.1", None));
        Assert.Equal(0, await Store.AdjustGaugeAsync("conn:192.0.2.1", -5, ttl, None));
        Assert.Equal(0, await Store.GetGaugeAsync("conn:192.0.2.1", None));
        Assert.Equal(1, await Store.AdjustGaugeAsync("conn:192.0.2.1", 1, ttl, None));
        Assert.Equal(0, await Store.GetGaugeAsync("conn:other", None));
    }

    [Fact]
    public async Task Concurrent_gauge_changes_are_all_applied()
    {
        var tasks = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (int i = 0; i < 50; i++) await Store.AdjustGaugeAsync("g", 1, TimeSpan.FromMinutes(1), None);
        }));
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(400, await Store.GetGaugeAsync("g", None));
    }

    [Fact]
    public async Task A_key_is_read_back_with_its_expiry()
    {
        await Store.SetAsync("block:192.0.2.1", "harvest 12/60s", TimeSpan.FromMinutes(15), None);
        var entry = await Store.GetAsync("block:192.0.2.1", None);
        Assert.NotNull(entry);
        Assert.Equal("block:192.0.2.1", entry.Key);
        Assert.Equal("harvest 12/60s", entry.Value);
        Assert.Equal(Time.GetUtcNow() + TimeSpan.FromMinutes(15), entry.ExpiresAt);
        Assert.Null(await Store.GetAsync("block:192.0.2.2", None));
    }

    [Fact]
    public async Task Many_keys_are_read_in_the_order_asked_with_nulls_for_missing_and_expired_ones()
    {
        await Store.SetAsync("a", "1", TimeSpan.FromMinutes(1), None);
        await Store.SetAsync("b", "2", TimeSpan.FromMinutes(30), None);
        Time.Advance(TimeSpan.FromMinutes(1));
        var entries = await Store.GetManyAsync(["b", "missing", "a", "b"], None);
        Assert.Equal(["2", null, null, "2"], entries.Select(e => e?.Value));
        Assert.Equal(Time.GetUtcNow() + TimeSpan.FromMinutes(29), entries[0]!.ExpiresAt);
        Assert.Empty(await Store.GetManyAsync([], None));
    }

    [Fact]
    public async Task Setting_a_key_again_replaces_value_and_expiry()
    {
        await Store.SetAsync("k", "one", TimeSpan.FromMinutes(1), None);
        await Store.SetAsync("k", "two | with bar", TimeSpan.FromMinutes(30), None);
        var entry = await Store.GetAsync("k", None);
        Assert.Equal("two | with bar", entry!.Value);
        Assert.Equal(Time.GetUtcNow() + TimeSpan.FromMinutes(30), entry.ExpiresAt);
    }

    [Fact]
    public async Task A_key_disappears_when_its_time_is_up()
    {
        await Store.SetAsync("block:192.0.2.1", "x", TimeSpan.FromMinutes(15), None);
        Time.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromMilliseconds(1));
        Assert.NotNull(await Store.GetAsync("block:192.0.2.1", None));
        Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(await Store.GetAsync("block:192.0.2.1", None));
        Assert.Empty(await Store.ListAsync("block:", None));
        Assert.False(await Store.DeleteAsync("block:192.0.2.1", None));
    }

    [Fact]
    public async Task Delete_says_whether_there_was_a_key()
    {
        await Store.SetAsync("block:192.0.2.1", "x", TimeSpan.FromMinutes(15), None);
        Assert.True(await Store.DeleteAsync("block:192.0.2.1", None));
        Assert.Null(await Store.GetAsync("block:192.0.2.1", None));
        Assert.False(await Store.DeleteAsync("block:192.0.2.1", None));
    }

    [Fact]
    public async Task List_returns_the_live_keys_with_the_prefix_in_key_order()
    {
        await Store.SetAsync("block:198.51.100.7", "b", TimeSpan.FromMinutes(10), None);
        await Store.SetAsync("block:192.0.2.1", "a", TimeSpan.FromMinutes(10), None);
        await Store.SetAsync("block:203.0.113.9", "short", TimeSpan.FromMinutes(1), None);
        await Store.SetAsync("limit:192.0.2.1", "other", TimeSpan.FromMinutes(10), None);
        Time.Advance(TimeSpan.FromMinutes(2));
        var list = await Store.ListAsync("block:", None);
        Assert.Equal(["block:192.0.2.1", "block:198.51.100.7"], list.Select(e => e.Key));
        Assert.Equal(["a", "b"], list.Select(e => e.Value));
        Assert.Equal(4 - 1, (await Store.ListAsync("", None)).Count);
    }

    [Fact]
    public async Task List_takes_the_prefix_literally()
    {
        await Store.SetAsync("a*[b]?\\c", "1", TimeSpan.FromMinutes(1), None);
        await Store.SetAsync("aXbc", "2", TimeSpan.FromMinutes(1), None);
        var list = await Store.ListAsync("a*[b]?", None);
        Assert.Equal("a*[b]?\\c", Assert.Single(list).Key);
    }

    [Fact]
    public async Task A_time_to_live_must_be_positive()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Store.SetAsync("k", "v", TimeSpan.Zero, None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Store.AdjustGaugeAsync("g", 1, TimeSpan.FromSeconds(-1), None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Store.AddToWindowAsync("w", TimeSpan.Zero, 1, None));
    }
}
