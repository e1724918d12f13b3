using System.Net;
using Mizugiwa.Policy.Greylist;

namespace Mizugiwa.Policy.Tests.Greylist;

public sealed class WriteBehindGreylistStoreTests : IDisposable
{
    private static readonly TimeSpan Never = TimeSpan.FromHours(1);
    private static readonly DateTimeOffset T0 = new(2025, 4, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly GreylistFixture _f = new();

    public void Dispose() => _f.Dispose();

    private static GreylistKey Key(int i) => new($"192.0.2.0/24", $"s{i}@sender.example", "bob@ours.example");

    [Fact]
    public async Task Answers_from_memory_and_writes_only_when_flushed()
    {
        await using var store = new WriteBehindGreylistStore(_f.Store, Never);
        await store.PutAsync(Key(1), new GreylistEntry(T0, T0, 0));
        await store.AddClientPassAsync("sender.example", T0);

        Assert.Equal(new GreylistEntry(T0, T0, 0), await store.GetAsync(Key(1)));
        Assert.Null(await _f.Store.GetAsync(Key(1)));
        Assert.Null(await _f.Store.GetClientAsync("sender.example"));

        await store.FlushAsync();
        Assert.Equal(new GreylistEntry(T0, T0, 0), await _f.Store.GetAsync(Key(1)));
        Assert.Equal(new GreylistClient(1, T0), await _f.Store.GetClientAsync("sender.example"));
    }

    [Fact]
    public async Task The_background_writer_stores_changes_within_its_interval()
    {
        await using var store = new WriteBehindGreylistStore(_f.Store, TimeSpan.FromMilliseconds(20));
        await store.PutAsync(Key(1), new GreylistEntry(T0, T0, 0));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await _f.Store.GetAsync(Key(1)) is null && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.NotNull(await _f.Store.GetAsync(Key(1)));
    }

    [Fact]
    public async Task Only_the_latest_value_of_a_record_is_written()
    {
        await using var store = new WriteBehindGreylistStore(_f.Store, Never);
        await store.PutAsync(Key(1), new GreylistEntry(T0, T0, 0));
        await store.PutAsync(Key(1), new GreylistEntry(T0, T0.AddMinutes(6), 1));
        await store.FlushAsync();
        Assert.Equal(new GreylistEntry(T0, T0.AddMinutes(6), 1), await _f.Store.GetAsync(Key(1)));
    }

    [Fact]
    public async Task Dispose_stores_what_is_left_and_a_new_store_loads_it()
    {
        var store = new WriteBehindGreylistStore(_f.Store, Never);
        for (int i = 0; i < 100; i++) await store.PutAsync(Key(i), new GreylistEntry(T0, T0.AddSeconds(i), i % 3));
        await store.AddClientPassAsync("sender.example", T0);
        await store.AddClientPassAsync("sender.example", T0.AddMinutes(1));
        await store.DisposeAsync();

        await using var reloaded = new WriteBehindGreylistStore(new SqliteGreylistStore(_f.DatabasePath), Never);
        Assert.Equal(100, reloaded.Count);
        Assert.Equal(new GreylistEntry(T0, T0.AddSeconds(42), 0), await reloaded.GetAsync(Key(42)));
        Assert.Equal(new GreylistClient(2, T0.AddMinutes(1)), await reloaded.GetClientAsync("sender.example"));
    }

    [Fact]
    public async Task Client_passes_counted_from_many_threads_are_all_counted()
    {
        await using var store = new WriteBehindGreylistStore(_f.Store, TimeSpan.FromMilliseconds(5));
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (int i = 0; i < 500; i++) await store.AddClientPassAsync("busy.example", T0.AddSeconds(i));
        })));
        Assert.Equal(new GreylistClient(4000, T0.AddSeconds(499)), await store.GetClientAsync("busy.example"));
        await store.FlushAsync();
        Assert.Equal(4000, (await _f.Store.GetClientAsync("busy.example"))!.Passes);
    }

    [Fact]
    public async Task Purge_removes_from_memory_and_from_the_file()
    {
        await using var store = new WriteBehindGreylistStore(_f.Store, Never);
        await store.PutAsync(Key(1), new GreylistEntry(T0, T0, 1));                          // passed, not seen for long: goes
        await store.PutAsync(Key(2), new GreylistEntry(T0.AddDays(1), T0.AddDays(1), 0));    // unpassed, past its window: goes
        await store.PutAsync(Key(3), new GreylistEntry(T0.AddDays(3), T0.AddDays(3), 0));    // stays
        await store.AddClientPassAsync("old.example", T0);
        await store.FlushAsync();
        await store.PutAsync(Key(4), new GreylistEntry(T0, T0, 2));                          // not yet written, goes too

        var removed = await store.PurgeAsync(T0.AddDays(1), T0.AddDays(2));
        Assert.Equal(4, removed);
        Assert.Null(await store.GetAsync(Key(1)));
        Assert.Null(await store.GetAsync(Key(4)));
        Assert.NotNull(await store.GetAsync(Key(3)));
        await store.FlushAsync();
        Assert.Null(await _f.Store.GetAsync(Key(1)));
        Assert.Null(await _f.Store.GetAsync(Key(2)));
        Assert.Null(await _f.Store.GetAsync(Key(4)));
        Assert.Null(await _f.Store.GetClientAsync("old.example"));
        Assert.NotNull(await _f.Store.GetAsync(Key(3)));
    }

    [Fact]
    public async Task Greylisting_over_it_survives_a_restart()
    {
        var store = new WriteBehindGreylistStore(_f.Store, Never);
        var greylister = new Greylister(store, _f.Options, _f.Time);
        var client = IPAddress.Parse("192.0.2.1");
        Assert.False((await greylister.CheckAsync(client, null, "alice@sender.example", "bob@ours.example")).Passed);
        _f.Advance(TimeSpan.FromSeconds(301));
        Assert.Equal(GreylistPassReason.RetriedAfterDelay, (await greylister.CheckAsync(client, null, "alice@sender.example", "bob@ours.example")).Reason);
        await store.DisposeAsync();

        await using var reopened = new WriteBehindGreylistStore(new SqliteGreylistStore(_f.DatabasePath), Never);
        var again = new Greylister(reopened, _f.Options, _f.Time);
        Assert.Equal(GreylistPassReason.KnownTriplet, (await again.CheckAsync(client, null, "alice@sender.example", "bob@ours.example")).Reason);
    }
}
