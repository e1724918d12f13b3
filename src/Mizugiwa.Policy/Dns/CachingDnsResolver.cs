using Mizugiwa.Core;
using System.Net;
using System.Net.Sockets;

namespace Mizugiwa.Policy.Dns;

/// <summary>An <see cref="IDnsResolver"/> that answers from a <see cref="DnsCache"/> when it can.</summary>
public sealed class CachingDnsResolver(IDnsResolver inner, DnsCache cache) : IDnsResolver
{
    public Task<DnsResult<IReadOnlyList<string>>> LookupPtrAsync(IPAddress address, CancellationToken cancellationToken)
    {
        address = ClientAddress.Unmapped(address);
        return CachedAsync(new DnsCacheKey("PTR", address.ToString()), ct => inner.LookupPtrAsync(address, ct), cancellationToken);
    }

    public Task<DnsResult<IReadOnlyList<IPAddress>>> LookupAddressesAsync(string name, AddressFamily family, CancellationToken cancellationToken) =>
        CachedAsync(new DnsCacheKey(family == AddressFamily.InterNetworkV6 ? "AAAA" : "A", name),
            ct => inner.LookupAddressesAsync(name, family, ct), cancellationToken);

    public Task<DnsResult<IReadOnlyList<string>>> LookupTxtAsync(string name, CancellationToken cancellationToken) =>
        CachedAsync(new DnsCacheKey("TXT", name), ct => inner.LookupTxtAsync(name, ct), cancellationToken);

    public Task<DnsResult<IReadOnlyList<MxHost>>> LookupMxAsync(string name, CancellationToken cancellationToken) =>
        CachedAsync(new DnsCacheKey("MX", name), ct => inner.LookupMxAsync(name, ct), cancellationToken);

    private async Task<DnsResult<T>> CachedAsync<T>(DnsCacheKey key, Func<CancellationToken, Task<DnsResult<T>>> lookup, CancellationToken cancellationToken)
        where T : class
    {
        if (cache.TryGet<T>(key, out var cached)) return cached;
        var result = await lookup(cancellationToken);
        cache.Store(key, result);
        return result;
    }
}
