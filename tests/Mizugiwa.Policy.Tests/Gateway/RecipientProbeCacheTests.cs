using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Policy.Gateway;
using Mizugiwa.Policy.Tests.Flow;
using Mizugiwa.Smtp.Gateway;

namespace Mizugiwa.Policy.Tests.Gateway;

public sealed class RecipientProbeCacheTests
{
    private const string Route = "smtp:127.0.0.1:2526";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeProber _prober = new();
    private readonly InMemoryStateStore _store;
    private readonly RecipientProbeCache _cache;

    public RecipientProbeCacheTests()
    {
        _store = new InMemoryStateStore(_time);
        _cache = new RecipientProbeCache(_store, _prober, new GatewayOptions
        {
            ValidTtl = TimeSpan.FromDays(30),
            UnknownTtl = TimeSpan.FromDays(3),
        });
        _prober.Answers["alice@backend.test"] = ProbeOutcome.Accepted;
        _prober.Answers["nobody@backend.test"] = ProbeOutcome.Rejected;
    }

    private Task<RelayAnswer> Verify(string address) => _cache.VerifyAsync(Route, address, CancellationToken.None);

    [Fact]
    public async Task A_valid_answer_is_kept_about_a_month()
    {
        var first = await Verify("alice@backend.test");
        Assert.Equal(RelayVerdict.Valid, first.Verdict);
        Assert.Equal(Route, first.Route);
        Assert.StartsWith("probe:", first.Detail);
        Assert.Equal(1, _prober.Calls);
        Assert.Equal(new NextHop(false, "127.0.0.1", 2526), Assert.Single(_prober.Hops));

        _time.Advance(TimeSpan.FromDays(29));
        var cached = await Verify("ALICE@backend.test");
        Assert.Equal(RelayVerdict.Valid, cached.Verdict);
        Assert.StartsWith("cached:", cached.Detail);
        Assert.Equal(1, _prober.Calls);

        _time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(RelayVerdict.Valid, (await Verify("alice@backend.test")).Verdict);
        Assert.Equal(2, _prober.Calls);
    }

    [Fact]
    public async Task An_unknown_answer_is_kept_a_few_days_only()
    {
        Assert.Equal(RelayVerdict.Unknown, (await Verify("nobody@backend.test")).Verdict);
        var entry = await _store.GetAsync(RecipientProbeCache.KeyFor("nobody@backend.test"), CancellationToken.None);
        Assert.NotNull(entry);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromDays(3), entry.ExpiresAt);

        _time.Advance(TimeSpan.FromDays(2.9));
        Assert.Equal(RelayVerdict.Unknown, (await Verify("nobody@backend.test")).Verdict);
        Assert.Equal(1, _prober.Calls);

        // the user was created meanwhile: after the negative entry expires the next hop is asked again
        _prober.Answers["nobody@backend.test"] = ProbeOutcome.Accepted;
        _time.Advance(TimeSpan.FromDays(0.2));
        Assert.Equal(RelayVerdict.Valid, (await Verify("nobody@backend.test")).Verdict);
        Assert.Equal(2, _prober.Calls);
    }

    [Fact]
    public async Task A_temporary_answer_is_not_cached()
    {
        Assert.Equal(RelayVerdict.Temporary, (await Verify("later@backend.test")).Verdict);
        Assert.Null(await _store.GetAsync(RecipientProbeCache.KeyFor("later@backend.test"), CancellationToken.None));
        Assert.Equal(RelayVerdict.Temporary, (await Verify("later@backend.test")).Verdict);
        Assert.Equal(2, _prober.Calls);

        // once the next hop answers, the answer is used at once
        _prober.Answers["later@backend.test"] = ProbeOutcome.Accepted;
        Assert.Equal(RelayVerdict.Valid, (await Verify("later@backend.test")).Verdict);
        Assert.Equal(3, _prober.Calls);
    }

    [Fact]
    public async Task A_temporary_answer_is_cached_briefly_when_configured()
    {
        var cache = new RecipientProbeCache(_store, _prober, new GatewayOptions { TemporaryTtl = TimeSpan.FromSeconds(30) });
        Assert.Equal(RelayVerdict.Temporary, (await cache.VerifyAsync(Route, "later@backend.test", CancellationToken.None)).Verdict);
        Assert.Equal(RelayVerdict.Temporary, (await cache.VerifyAsync(Route, "later@backend.test", CancellationToken.None)).Verdict);
        Assert.Equal(1, _prober.Calls);
        _time.Advance(TimeSpan.FromSeconds(31));
        await cache.VerifyAsync(Route, "later@backend.test", CancellationToken.None);
        Assert.Equal(2, _prober.Calls);
    }

    [Fact]
    public async Task Concurrent_probes_of_one_address_are_one_probe()
    {
        _prober.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = Enumerable.Range(0, 8).Select(_ => Task.Run(() => Verify("alice@backend.test"))).ToList();
        var other = Task.Run(() => Verify("nobody@backend.test"));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (_prober.Calls < 2 && DateTime.UtcNow < deadline) await Task.Delay(10);
        await Task.Delay(100); // late arrivals join the running probe
        _prober.Gate.SetResult();

        var answers = await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.All(answers, a => Assert.Equal(RelayVerdict.Valid, a.Verdict));
        Assert.Equal(RelayVerdict.Unknown, (await other.WaitAsync(TimeSpan.FromSeconds(10))).Verdict);
        Assert.Equal(2, _prober.Calls); // one per address

        _prober.Gate = null;
        await Verify("alice@backend.test");
        Assert.Equal(2, _prober.Calls); // and then the cache answers
    }

    [Fact]
    public async Task A_waiter_that_gives_up_does_not_cancel_the_probe_for_the_others()
    {
        _prober.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var impatient = new CancellationTokenSource();
        var first = _cache.VerifyAsync(Route, "alice@backend.test", impatient.Token);
        var second = _cache.VerifyAsync(Route, "alice@backend.test", CancellationToken.None);
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        _prober.Gate.SetResult();
        Assert.Equal(RelayVerdict.Valid, (await second.WaitAsync(TimeSpan.FromSeconds(10))).Verdict);
        Assert.Equal(1, _prober.Calls);
    }
}
