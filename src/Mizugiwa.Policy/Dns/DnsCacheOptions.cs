namespace Mizugiwa.Policy.Dns;

/// <summary>How long <see cref="DnsCache"/> keeps answers.</summary>
public sealed class DnsCacheOptions
{
    /// <summary>Positive and negative TTLs below this are raised to it (0 = an answer with TTL 0 is not kept).</summary>
    public TimeSpan MinTtl { get; init; } = TimeSpan.Zero;

    /// <summary>Positive TTLs above this are lowered to it.</summary>
    public TimeSpan MaxTtl { get; init; } = TimeSpan.FromDays(1);

    /// <summary>How long a negative answer (NXDOMAIN, NODATA) without an SOA is kept.</summary>
    public TimeSpan NegativeTtl { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Negative TTLs from an SOA above this are lowered to it (RFC 2308 suggests at most 3 hours).</summary>
    public TimeSpan MaxNegativeTtl { get; init; } = TimeSpan.FromHours(3);

    /// <summary>
    /// How long a temporary failure (SERVFAIL, REFUSED, timeout) is kept, so that a dead DNSBL or a
    /// broken authoritative server does not cost a full timeout on every connection. 0 = not kept.
    /// </summary>
    public TimeSpan TemporaryFailureTtl { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>When more entries than this are held, expired ones are dropped, then those expiring soonest.</summary>
    public int MaxEntries { get; init; } = 10_000;
}
