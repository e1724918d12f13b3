using System.Net;

namespace Mizugiwa.Policy.Dnsbl;

/// <summary>A zone that lists the client: the accepted return codes and the zone's TXT reason, if any.</summary>
public sealed record DnsblHit(DnsblZone Zone, IReadOnlyList<IPAddress> Codes, string? Reason);
