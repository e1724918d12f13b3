using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Policy.Dns;

namespace Mizugiwa.Policy.Tests.Dns;

public sealed class CachingDnsResolverTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeDnsResolver _inner = new();

    private CachingDnsResolver Resolver(DnsCacheOptions? options = null) =>
        new(_inner, new DnsCache(options ?? new DnsCacheOptions(), _time));

    [Fact]
    public async Task Second_question_is_answered_from_the_cache_until_the_ttl_runs_out()
    {
        _inner.A("host.example", "192.0.2.1");
        var resolver = Resolver();

        var first = await resolver.LookupAddressesAsync("host.example", AddressFamily.InterNetwork, CancellationToken.None);
        var second = await resolver.LookupAddressesAsync("HOST.example.", AddressFamily.InterNetwork, CancellationToken.None);
        Assert.Equal(first.Value, second.Value);
        Assert.Equal(1, _inner.Calls("A", "host.example"));

        _time.Advance(TimeSpan.FromMinutes(5));
        await resolver.LookupAddressesAsync("host.example", AddressFamily.InterNetwork, CancellationToken.None);
        Assert.Equal(2, _inner.Calls("A", "host.example"));
    }

    [Fact]
    public async Task Negative_answers_are_cached()
    {
        var resolver = Resolver();
        var first = await resolver.LookupTxtAsync("none.example", CancellationToken.None);
        var second = await resolver.LookupTxtAsync("none.example", CancellationToken.None);
        Assert.True(first.IsNotFound);
        Assert.True(second.IsNotFound);
        Assert.Equal(1, _inner.Calls("TXT", "none.example"));
    }

    [Fact]
    public async Task Ptr_answers_are_cached_per_address()
    {
        _inner.Ptr("192.0.2.1", "one.example").Ptr("192.0.2.2", "two.example");
        var resolver = Resolver();

        var one = await resolver.LookupPtrAsync(IPAddress.Parse("192.0.2.1"), CancellationToken.None);
        var two = await resolver.LookupPtrAsync(IPAddress.Parse("192.0.2.2"), CancellationToken.None);
        await resolver.LookupPtrAsync(IPAddress.Parse("::ffff:192.0.2.1"), CancellationToken.None);

        Assert.Equal(["one.example"], one.Value!);
        Assert.Equal(["two.example"], two.Value!);
        Assert.Equal(1, _inner.Calls("PTR", "192.0.2.1"));
    }

    [Fact]
    public async Task Temporary_failures_are_retried_after_their_short_ttl()
    {
        _inner.Fail<IReadOnlyList<IPAddress>>("A", "flaky.example");
        var resolver = Resolver(new DnsCacheOptions { TemporaryFailureTtl = TimeSpan.FromSeconds(30) });

        Assert.True((await resolver.LookupAddressesAsync("flaky.example", AddressFamily.InterNetwork, CancellationToken.None)).IsTemporaryFailure);
        Assert.True((await resolver.LookupAddressesAsync("flaky.example", AddressFamily.InterNetwork, CancellationToken.None)).IsTemporaryFailure);
        Assert.Equal(1, _inner.Calls("A", "flaky.example"));

        _time.Advance(TimeSpan.FromSeconds(30));
        _inner.A("flaky.example", "192.0.2.7");
        var recovered = await resolver.LookupAddressesAsync("flaky.example", AddressFamily.InterNetwork, CancellationToken.None);
        Assert.True(recovered.IsOk);
    }

    [Fact]
    public async Task A_and_aaaa_are_merged_for_the_combined_lookup()
    {
        _inner.A("dual.example", "192.0.2.1").Aaaa("dual.example", "2001:db8::1");
        IDnsResolver resolver = Resolver();

        var result = await resolver.LookupAddressesAsync("dual.example", CancellationToken.None);

        Assert.True(result.IsOk);
        Assert.Equal([IPAddress.Parse("192.0.2.1"), IPAddress.Parse("2001:db8::1")], result.Value!);
    }
}
