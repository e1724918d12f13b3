using Mizugiwa.Core;
using System.Net;
using System.Net.Sockets;

namespace Mizugiwa.Policy.Dns;

/// <summary>
/// Forward-confirmed reverse DNS: the PTR names of the address, then the A (IPv4 client) or AAAA
/// (IPv6 client) records of each (at most <see cref="MaxNames"/>, asked in parallel); the first name in
/// PTR order whose addresses include the client's is its name. A temporary failure of the PTR lookup,
/// or of a forward lookup when no other name confirms, is reported as such, never as "unknown".
/// </summary>
public sealed class FcrDns(IDnsResolver resolver)
{
    public const int MaxNames = 10;

    public async Task<FcrDnsResult> ResolveAsync(IPAddress address, CancellationToken cancellationToken)
    {
        address = ClientAddress.Unmapped(address);
        var ptr = await resolver.LookupPtrAsync(address, cancellationToken);
        if (ptr.IsTemporaryFailure) return FcrDnsResult.TemporaryFailure([], ptr.Error);
        var names = ptr.IsOk ? ptr.Value!.Select(DnsName.Normalize).Where(n => n.Length > 0).Distinct().Take(MaxNames).ToList() : [];
        if (names.Count == 0) return FcrDnsResult.NoPtr();

        var family = address.AddressFamily == AddressFamily.InterNetworkV6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        var lookups = names.Select(n => resolver.LookupAddressesAsync(n, family, cancellationToken)).ToList();
        var forward = await Task.WhenAll(lookups);

        for (int i = 0; i < names.Count; i++)
        {
            if (forward[i].IsOk && forward[i].Value!.Contains(address)) return FcrDnsResult.Confirmed(names[i], names);
        }
        var failure = forward.FirstOrDefault(f => f.IsTemporaryFailure);
        return failure is null ? FcrDnsResult.NotConfirmed(names) : FcrDnsResult.TemporaryFailure(names, failure.Error);
    }
}
