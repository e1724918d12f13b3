using System.Net;
using Mizugiwa.Policy.Dns;

namespace Mizugiwa.Policy.Tests.Dns;

public sealed class DnsAddressMergeTests
{
    private static readonly DnsResult<IReadOnlyList<IPAddress>> V4 = DnsResult.Ok<IReadOnlyList<IPAddress>>([IPAddress.Parse("192.0.2.1")], TimeSpan.FromSeconds(60));
    private static readonly DnsResult<IReadOnlyList<IPAddress>> V6 = DnsResult.Ok<IReadOnlyList<IPAddress>>([IPAddress.Parse("2001:db8::1")], TimeSpan.FromSeconds(30));
    private static readonly DnsResult<IReadOnlyList<IPAddress>> None = DnsResult.NotFound<IReadOnlyList<IPAddress>>();
    private static readonly DnsResult<IReadOnlyList<IPAddress>> Failed = DnsResult.TemporaryFailure<IReadOnlyList<IPAddress>>("SERVFAIL");

    [Fact]
    public void Both_families_are_joined_with_the_smaller_ttl()
    {
        var merged = DnsAddressMerge.Merge(V4, V6);
        Assert.Equal(2, merged.Value!.Count);
        Assert.Equal(TimeSpan.FromSeconds(30), merged.Ttl);
    }

    [Fact]
    public void One_family_with_addresses_wins_over_a_failure_of_the_other() =>
        Assert.True(DnsAddressMerge.Merge(V4, Failed).IsOk);

    [Fact]
    public void A_failure_wins_over_not_found() =>
        Assert.True(DnsAddressMerge.Merge(None, Failed).IsTemporaryFailure);

    [Fact]
    public void Neither_family_is_not_found() =>
        Assert.True(DnsAddressMerge.Merge(None, None).IsNotFound);
}
