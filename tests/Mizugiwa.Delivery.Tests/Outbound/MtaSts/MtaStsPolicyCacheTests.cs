using Microsoft.Extensions.Logging.Abstractions;
using Mizugiwa.Delivery.Outbound.MtaSts;

namespace Mizugiwa.Delivery.Tests.Outbound.MtaSts;

/// <summary>The policy cache: expiry by max_age on the TimeProvider, and a file that survives a restart.</summary>
public sealed class MtaStsPolicyCacheTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private static readonly MtaStsPolicy Enforce = new(MtaStsMode.Enforce, ["mx.remote.test", "*.remote.test"], TimeSpan.FromDays(1));

    private string FilePath => Path.Combine(_temp.Path, "mta-sts-policies.json");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_policy_counts_until_its_max_age_has_passed()
    {
        var clock = Messages.Clock();
        var cache = new MtaStsPolicyCache(null, clock, NullLogger.Instance);
        cache.Put("remote.test", "id1", Enforce);
        clock.Advance(TimeSpan.FromDays(1) - TimeSpan.FromSeconds(1));
        Assert.Equal("id1", cache.Get("REMOTE.test")?.Id);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(cache.Get("remote.test"));
    }

    [Fact]
    public void A_restart_keeps_unexpired_policies()
    {
        var clock = Messages.Clock();
        new MtaStsPolicyCache(FilePath, clock, NullLogger.Instance).Put("remote.test", "id1", Enforce);
        new MtaStsPolicyCache(FilePath, clock, NullLogger.Instance).Put("short.test", "s", Enforce with { MaxAge = TimeSpan.FromHours(1) });
        clock.Advance(TimeSpan.FromHours(2));
        var restarted = new MtaStsPolicyCache(FilePath, clock, NullLogger.Instance);
        var cached = restarted.Get("remote.test");
        Assert.NotNull(cached);
        Assert.Equal(("id1", MtaStsMode.Enforce), (cached.Id, cached.Policy.Mode));
        Assert.Equal(Enforce.MxPatterns, cached.Policy.MxPatterns);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromDays(1) - TimeSpan.FromHours(2), cached.Expires);
        Assert.Null(restarted.Get("short.test"));
    }

    [Fact]
    public void A_broken_file_is_moved_aside_and_the_cache_starts_empty()
    {
        File.WriteAllText(FilePath, "{ not json");
        var cache = new MtaStsPolicyCache(FilePath, Messages.Clock(), NullLogger.Instance);
        Assert.Null(cache.Get("remote.test"));
        Assert.Equal("{ not json", File.ReadAllText(FilePath + ".bad"));
        cache.Put("remote.test", "id1", Enforce);
        Assert.NotNull(new MtaStsPolicyCache(FilePath, Messages.Clock(), NullLogger.Instance).Get("remote.test"));
    }
}
