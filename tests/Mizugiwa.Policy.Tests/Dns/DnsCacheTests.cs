using System.Net;
using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Policy.Dns;

namespace Mizugiwa.Policy.Tests.Dns;

public sealed class DnsCacheTests
{
    private static readonly DnsCacheKey Key = new("A", "host.example");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private DnsCache Cache(DnsCacheOptions? options = null) => new(options ?? new DnsCacheOptions(), _time);

    private static DnsResult<IReadOnlyList<IPAddress>> Positive(int ttlSeconds) =>
        DnsResult.Ok<IReadOnlyList<IPAddress>>([IPAddress.Loopback], TimeSpan.FromSeconds(ttlSeconds));

    [Fact]
    public void Positive_answer_is_kept_for_its_ttl_and_no_longer()
    {
        var cache = Cache();
        cache.Store(Key, Positive(60));

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.True(cache.TryGet<IReadOnlyList<IPAddress>>(Key, out var hit));
        Assert.Equal(TimeSpan.FromSeconds(1), hit.Ttl);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(cache.TryGet<IReadOnlyList<IPAddress>>(Key, out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Ttl_is_clamped_to_min_and_max()
    {
        var cache = Cache(new DnsCacheOptions { MinTtl = TimeSpan.FromSeconds(30), MaxTtl = TimeSpan.FromHours(1) });
        Assert.Equal(TimeSpan.FromSeconds(30), cache.Lifetime(DnsStatus.Ok, TimeSpan.FromSeconds(5)));
        Assert.Equal(TimeSpan.FromHours(1), cache.Lifetime(DnsStatus.Ok, TimeSpan.FromDays(7)));

        cache.Store(Key, Positive(86400 * 7));
        _time.Advance(TimeSpan.FromHours(1));
        Assert.False(cache.TryGet<IReadOnlyList<IPAddress>>(Key, out _));
    }

    [Fact]
    public void Zero_ttl_answer_is_not_kept_without_a_minimum()
    {
        var cache = Cache();
        cache.Store(Key, Positive(0));
        Assert.False(cache.TryGet<IReadOnlyList<IPAddress>>(Key, out _));
    }

    [Fact]
    public void Negative_answer_without_soa_is_kept_for_the_configured_negative_ttl()
    {
        var cache = Cache(new DnsCacheOptions { NegativeTtl = TimeSpan.FromSeconds(300) });
        cache.Store(Key, DnsResult.NotFound<IReadOnlyList<IPAddress>>());

        _time.Advance(TimeSpan.FromSeconds(299));
        Assert.True(cache.TryGet<IReadOnlyList<IPAddress>>(Key, out var hit));
        Assert.True(hit.IsNotFound);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(cache.TryGet<IReadOnlyList<IPAddress>>(Key, out _));
    }

    [Fact]
    public void Negative_answer_with_soa_ttl_uses_it_capped_at_max_negative_ttl()
    {
        var cache = Cache(new DnsCacheOptions { MaxNegativeTtl = TimeSpan.FromMinutes(10) });
        Assert.Equal(TimeSpan.FromSeconds(60), cache.Lifetime(DnsStatus.NotFound, TimeSpan.FromSeconds(60)));
        Assert.Equal(TimeSpan.FromMinutes(10), cache.Lifetime(DnsStatus.NotFound, TimeSpan.FromDays(1)));

        cache.Store(Key, DnsResult.NotFound<IReadOnlyList<IPAddress>>(TimeSpan.FromSeconds(60)));
        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.False(cache.TryGet<IReadOnlyList<IPAddress>>(Key, out _));
    }

    [Fact]
    public void Temporary_failure_is_kept_briefly()
    {
        var cache = Cache(new DnsCacheOptions { TemporaryFailureTtl = TimeSpan.FromSeconds(30) });
        cache.Store(Key, DnsResult.TemporaryFailure<IReadOnlyList<IPAddress>>("timeout"));

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.True(cache.TryGet<IReadOnlyList<IPAddress>>(Key, out var hit));
        Assert.True(hit.IsTemporaryFailure);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(cache.TryGet<IReadOnlyList<IPAddress>>(Key, out _));
    }

    [Fact]
    public void Temporary_failure_is_not_kept_when_its_ttl_is_zero()
    {
        var cache = Cache(new DnsCacheOptions { TemporaryFailureTtl = TimeSpan.Zero });
        cache.Store(Key, DnsResult.TemporaryFailure<IReadOnlyList<IPAddress>>("timeout"));
        Assert.False(cache.TryGet<IReadOnlyList<IPAddress>>(Key, out _));
    }

    [Fact]
    public void Entries_are_keyed_by_type_and_case_insensitive_name()
    {
        var cache = Cache();
        cache.Store(new DnsCacheKey("A", "Host.Example."), Positive(60));

        Assert.True(cache.TryGet<IReadOnlyList<IPAddress>>(new DnsCacheKey("A", "host.example"), out _));
        Assert.False(cache.TryGet<IReadOnlyList<IPAddress>>(new DnsCacheKey("AAAA", "host.example"), out _));
        Assert.False(cache.TryGet<IReadOnlyList<string>>(new DnsCacheKey("TXT", "host.example"), out _));
    }

    [Fact]
    public void Size_is_bounded_dropping_expired_entries_first()
    {
        var cache = Cache(new DnsCacheOptions { MaxEntries = 10 });
        for (int i = 0; i < 5; i++) cache.Store(new DnsCacheKey("A", $"old{i}.example"), Positive(10));
        _time.Advance(TimeSpan.FromSeconds(11));
        for (int i = 0; i < 6; i++) cache.Store(new DnsCacheKey("A", $"new{i}.example"), Positive(600));

        Assert.Equal(6, cache.Count);
        for (int i = 0; i < 6; i++) Assert.True(cache.TryGet<IReadOnlyList<IPAddress>>(new DnsCacheKey("A", $"new{i}.example"), out _));
    }

    [Fact]
    public void Size_is_bounded_when_every_entry_is_live()
    {
        var cache = Cache(new DnsCacheOptions { MaxEntries = 10 });
        for (int i = 0; i < 100; i++) cache.Store(new DnsCacheKey("A", $"h{i}.example"), Positive(60 + i));

        Assert.True(cache.Count <= 10);
        Assert.True(cache.TryGet<IReadOnlyList<IPAddress>>(new DnsCacheKey("A", "h99.example"), out _));
        Assert.False(cache.TryGet<IReadOnlyList<IPAddress>>(new DnsCacheKey("A", "h0.example"), out _));
    }
}
