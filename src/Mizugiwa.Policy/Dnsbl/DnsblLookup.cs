using System.Net;
using System.Net.Sockets;
using Mizugiwa.Policy.Dns;

namespace Mizugiwa.Policy.Dnsbl;

/// <summary>
/// Asks every zone about an address in parallel (A records of the reversed name); for a listing also
/// the TXT record for the reason. A zone that fails temporarily is reported in
/// <see cref="DnsblResult.FailedZones"/>. Answers are cached by the resolver (<see cref="CachingDnsResolver"/>).
/// </summary>
public sealed class DnsblLookup
{
    private readonly IDnsResolver _resolver;
    private readonly IReadOnlyList<(DnsblZone Zone, DnsblCodes Codes)> _zones;

    public DnsblLookup(IDnsResolver resolver, IEnumerable<DnsblZone> zones)
    {
        _resolver = resolver;
        _zones = zones.Select(z => (z, new DnsblCodes(z.AcceptedCodes, z.Zone))).ToList();
    }

    public IReadOnlyList<DnsblZone> Zones => _zones.Select(z => z.Zone).ToList();

    public async Task<DnsblResult> LookupAsync(IPAddress address, CancellationToken cancellationToken)
    {
        if (_zones.Count == 0) return DnsblResult.NotListed;
        var answers = await Task.WhenAll(_zones.Select(z => AskAsync(address, z.Zone, z.Codes, cancellationToken)));
        var hits = answers.Where(a => a.Hit is not null).Select(a => a.Hit!).ToList();
        var failed = answers.Where(a => a.Failed).Select(a => a.Zone).ToList();
        return hits.Count == 0 && failed.Count == 0 ? DnsblResult.NotListed : new DnsblResult(hits, failed);
    }

    private async Task<(DnsblZone Zone, DnsblHit? Hit, bool Failed)> AskAsync(
        IPAddress address, DnsblZone zone, DnsblCodes codes, CancellationToken cancellationToken)
    {
        var name = DnsblQueryName.For(address, zone.Zone);
        var a = await _resolver.LookupAddressesAsync(name, AddressFamily.InterNetwork, cancellationToken);
        if (a.IsTemporaryFailure) return (zone, null, true);
        var listed = a.IsOk ? a.Value!.Where(codes.Accepts).ToList() : [];
        if (listed.Count == 0) return (zone, null, false);

        var txt = await _resolver.LookupTxtAsync(name, cancellationToken);
        var reason = txt.IsOk ? txt.Value!.FirstOrDefault(t => t.Length > 0) : null;
        return (zone, new DnsblHit(zone, listed, reason), false);
    }
}
