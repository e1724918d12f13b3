using Microsoft.Extensions.Logging.Abstractions;
using Mizugiwa.Delivery.Outbound;
using Mizugiwa.Delivery.Outbound.MtaSts;

namespace Mizugiwa.Delivery.Tests.Outbound.MtaSts;

/// <summary>Discovery (RFC 8461 §3.3, §5.1): fetch on a new id, the cache on the same id, the cache when discovery fails.</summary>
public sealed class MtaStsPoliciesTests
{
    private static readonly MtaStsPolicy Enforce = new(MtaStsMode.Enforce, ["mx.remote.test"], TimeSpan.FromDays(1));
    private readonly FakeTxt _dns = new();
    private readonly FakeFetcher _fetcher = new();
    private readonly MtaStsPolicies _policies;

    public MtaStsPoliciesTests() =>
        _policies = new MtaStsPolicies(_dns, _fetcher, new MtaStsPolicyCache(null, Messages.Clock(), NullLogger.Instance), NullLogger.Instance);

    [Fact]
    public async Task No_TXT_record_means_no_policy_and_no_fetch()
    {
        Assert.Null(await _policies.GetAsync("remote.test", CancellationToken.None));
        Assert.Equal(0, _fetcher.Calls);
    }

    [Fact]
    public async Task The_same_id_uses_the_cache_and_a_new_id_fetches_again()
    {
        _dns.Answer = Lookup.Found<string>(["v=STSv1; id=one"]);
        _fetcher.Answer = new MtaStsFetch(Enforce, null);
        Assert.Equal(Enforce, await _policies.GetAsync("remote.test", CancellationToken.None));
        Assert.Equal(Enforce, await _policies.GetAsync("remote.test", CancellationToken.None));
        Assert.Equal(1, _fetcher.Calls);
        _dns.Answer = Lookup.Found<string>(["v=STSv1; id=two"]);
        _fetcher.Answer = new MtaStsFetch(Enforce with { Mode = MtaStsMode.Testing }, null);
        Assert.Equal(MtaStsMode.Testing, (await _policies.GetAsync("remote.test", CancellationToken.None))?.Mode);
        Assert.Equal(2, _fetcher.Calls);
    }

    [Fact]
    public async Task A_cached_policy_survives_a_removed_record_a_DNS_failure_and_a_failed_fetch()
    {
        _dns.Answer = Lookup.Found<string>(["v=STSv1; id=one"]);
        _fetcher.Answer = new MtaStsFetch(Enforce, null);
        await _policies.GetAsync("remote.test", CancellationToken.None);
        _dns.Answer = Lookup.None<string>();
        Assert.Equal(Enforce, await _policies.GetAsync("remote.test", CancellationToken.None));
        _dns.Answer = Lookup.Failed<string>("SERVFAIL");
        Assert.Equal(Enforce, await _policies.GetAsync("remote.test", CancellationToken.None));
        _dns.Answer = Lookup.Found<string>(["v=STSv1; id=two"]);
        _fetcher.Answer = new MtaStsFetch(null, "connection refused");
        Assert.Equal(Enforce, await _policies.GetAsync("remote.test", CancellationToken.None));
    }

    [Fact]
    public async Task A_failed_fetch_without_a_cached_policy_is_no_policy()
    {
        _dns.Answer = Lookup.Found<string>(["v=STSv1; id=one"]);
        _fetcher.Answer = new MtaStsFetch(null, "certificate not valid");
        Assert.Null(await _policies.GetAsync("remote.test", CancellationToken.None));
    }

    private sealed class FakeTxt : IMtaStsTxtResolver
    {
        public Lookup<string> Answer { get; set; } = Lookup.None<string>();

        public Task<Lookup<string>> LookupTxtAsync(string name, CancellationToken cancellationToken)
        {
            Assert.Equal("_mta-sts.remote.test", name);
            return Task.FromResult(Answer);
        }
    }

    private sealed class FakeFetcher : IMtaStsPolicyFetcher
    {
        public MtaStsFetch Answer { get; set; } = new(null, "not set");
        public int Calls { get; private set; }

        public Task<MtaStsFetch> FetchAsync(string domain, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(Answer);
        }
    }
}
