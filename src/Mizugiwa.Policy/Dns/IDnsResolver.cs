using System.Net;
using System.Net.Sockets;

namespace Mizugiwa.Policy.Dns;

/// <summary>
/// The DNS questions the checks ask. Names in answers are lower-case without the trailing dot.
/// Implementations never throw for DNS errors; they answer <see cref="DnsStatus.TemporaryFailure"/>.
/// </summary>
public interface IDnsResolver
{
    /// <summary>PTR names of an address (in-addr.arpa / ip6.arpa).</summary>
    Task<DnsResult<IReadOnlyList<string>>> LookupPtrAsync(IPAddress address, CancellationToken cancellationToken);

    /// <summary>A (<see cref="AddressFamily.InterNetwork"/>) or AAAA (<see cref="AddressFamily.InterNetworkV6"/>) records.</summary>
    Task<DnsResult<IReadOnlyList<IPAddress>>> LookupAddressesAsync(string name, AddressFamily family, CancellationToken cancellationToken);

    /// <summary>TXT records, one string per record (its character-strings concatenated).</summary>
    Task<DnsResult<IReadOnlyList<string>>> LookupTxtAsync(string name, CancellationToken cancellationToken);

    /// <summary>MX records ordered by preference.</summary>
    Task<DnsResult<IReadOnlyList<MxHost>>> LookupMxAsync(string name, CancellationToken cancellationToken);

    /// <summary>A and AAAA records together (both asked in parallel); see <see cref="DnsAddressMerge"/>.</summary>
    async Task<DnsResult<IReadOnlyList<IPAddress>>> LookupAddressesAsync(string name, CancellationToken cancellationToken)
    {
        var v4 = LookupAddressesAsync(name, AddressFamily.InterNetwork, cancellationToken);
        var v6 = LookupAddressesAsync(name, AddressFamily.InterNetworkV6, cancellationToken);
        return DnsAddressMerge.Merge(await v4, await v6);
    }
}
