using System.Net;

namespace Mizugiwa.Policy.Dns;

/// <summary>
/// Combines the A and AAAA answers for one name: Ok when either family has addresses (a temporary
/// failure of the other family is then ignored, as getaddrinfo does); otherwise a temporary failure
/// when either failed; otherwise not found.
/// </summary>
public static class DnsAddressMerge
{
    public static DnsResult<IReadOnlyList<IPAddress>> Merge(DnsResult<IReadOnlyList<IPAddress>> v4, DnsResult<IReadOnlyList<IPAddress>> v6)
    {
        if (v4.IsOk && v6.IsOk) return DnsResult.Ok<IReadOnlyList<IPAddress>>([.. v4.Value!, .. v6.Value!], Min(v4.Ttl, v6.Ttl));
        if (v4.IsOk) return v4;
        if (v6.IsOk) return v6;
        if (v4.IsTemporaryFailure) return v4;
        if (v6.IsTemporaryFailure) return v6;
        return DnsResult.NotFound<IReadOnlyList<IPAddress>>(Min(v4.Ttl, v6.Ttl));
    }

    private static TimeSpan? Min(TimeSpan? a, TimeSpan? b) =>
        a is null ? b : b is null ? a : (a < b ? a : b);
}
