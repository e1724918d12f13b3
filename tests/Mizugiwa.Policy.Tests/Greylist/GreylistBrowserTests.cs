using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Policy.Greylist;
using Mizugiwa.Storage.Tests.Support;
using StackExchange.Redis;

namespace Mizugiwa.Policy.Tests.Greylist;

/// <summary>
/// Listing, searching, paging and releasing triplets for the admin pages, the same cases on every
/// backend: the SQLite file, the in-memory write-behind store, a real redis-server, and the failover pair.
/// </summary>
public sealed class GreylistBrowserTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(T0);
    private readonly GreylistFixture _sqlite = new();
    private RedisServer _server = null!;
    private ConnectionMultiplexer _redis = null!;
    private WriteBehindGreylistStore? _writeBehind;

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        _redis = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { _server.EndPoint }, AbortOnConnectFail = false, ConnectTimeout = 5000, AsyncTimeout = 5000, SyncTimeout = 5000,
        }).WaitAsync(TimeSpan.FromSeconds(15));
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!_redis.IsConnected) await Task.Delay(20, limit.Token);
    }

    public async Task DisposeAsync()
    {
        _writeBehind?.Dispose();
        await _redis.DisposeAsync();
        await _server.DisposeAsync();
        _sqlite.Dispose();
    }

    public static TheoryData<string> Backends => ["sqlite", "write-behind", "redis", "failover"];

    private (IGreylistStore Store, IGreylistBrowser Browser) Open(string backend)
    {
        IGreylistStore store = backend switch
        {
            "sqlite" => _sqlite.Store,
            "write-behind" => _writeBehind = new WriteBehindGreylistStore(_sqlite.Store, TimeSpan.FromHours(1)),
            "redis" => new RedisGreylistStore(_redis, new GreylistOptions(), _time, $"t{Guid.NewGuid():N}:"),
            _ => new FailoverGreylistStore(new RedisGreylistStore(_redis, new GreylistOptions(), _time, $"t{Guid.NewGuid():N}:"), _sqlite.Store,
                _time, NullLogger<FailoverGreylistStore>.Instance),
        };
        return (store, (IGreylistBrowser)store);
    }

    private static GreylistKey Key(string client, string sender, string recipient = "bob@ours.example") => new(client, sender, recipient);

    [Theory, MemberData(nameof(Backends))]
    public async Task Lists_newest_first_searches_by_client_sender_and_recipient_and_pages(string backend)
    {
        var (store, browser) = Open(backend);
        await store.PutAsync(Key("192.0.2.0/24", "alice@one.example"), new GreylistEntry(T0, T0, 0));
        await store.PutAsync(Key("198.51.100.0/24", "bob@two.example"), new GreylistEntry(T0, T0.AddMinutes(1), 1));
        await store.PutAsync(Key("bigsender.example", "carol@one.example", "dave@ours.example"), new GreylistEntry(T0, T0.AddMinutes(2), 0));

        var all = await browser.ListAsync(new GreylistQuery());
        Assert.Equal(3, all.Total);
        Assert.Equal(["bigsender.example", "198.51.100.0/24", "192.0.2.0/24"], all.Records.Select(r => r.Key.Client));
        Assert.Equal(new GreylistEntry(T0, T0.AddMinutes(1), 1), all.Records[1].Entry);

        Assert.Equal(["192.0.2.0/24"], (await browser.ListAsync(new GreylistQuery(Client: "192.0.2"))).Records.Select(r => r.Key.Client));
        Assert.Equal(2, (await browser.ListAsync(new GreylistQuery(Sender: "ONE.example"))).Total);
        Assert.Equal(["carol@one.example"], (await browser.ListAsync(new GreylistQuery(Recipient: "dave@"))).Records.Select(r => r.Key.Sender));
        Assert.Empty((await browser.ListAsync(new GreylistQuery(Client: "203.0.113"))).Records);

        var second = await browser.ListAsync(new GreylistQuery(Page: 2, PageSize: 2));
        Assert.Equal(3, second.Total);
        Assert.Equal(["192.0.2.0/24"], second.Records.Select(r => r.Key.Client));
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Release_marks_a_waiting_triplet_passed_so_the_next_attempt_passes(string backend)
    {
        var (store, _) = Open(backend);
        var greylister = new Greylister(store, new GreylistOptions(), _time);
        var first = await greylister.CheckAsync(System.Net.IPAddress.Parse("192.0.2.7"), null, "alice@one.example", "bob@ours.example");
        Assert.False(first.Passed);

        Assert.True(await GreylistRelease.ReleaseAsync(store, first.Key, _time));
        Assert.False(await GreylistRelease.ReleaseAsync(store, first.Key with { Sender = "nobody@one.example" }, _time));

        var retry = await greylister.CheckAsync(System.Net.IPAddress.Parse("192.0.2.7"), null, "alice@one.example", "bob@ours.example");
        Assert.True(retry.Passed);
    }
}
