namespace Mizugiwa.Policy.Dnsbl;

/// <summary>The zones that list the client and the zones that could not be asked.</summary>
public sealed record DnsblResult(IReadOnlyList<DnsblHit> Hits, IReadOnlyList<DnsblZone> FailedZones)
{
    public static readonly DnsblResult NotListed = new([], []);

    public bool IsListed => Hits.Count > 0;
    public bool HasFailures => FailedZones.Count > 0;
}
