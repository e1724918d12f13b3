using System.Net;
using Mizugiwa.Delivery.Outbound;
using Mizugiwa.Delivery.Outbound.MtaSts;
using Mizugiwa.Policy.Dns;

namespace Mizugiwa.Hosting;

/// <summary>The outbound agent's DNS (MX, addresses, MTA-STS TXT) through the policy layer's (cached) resolver, so Checks:Dns:Servers applies to both.</summary>
internal sealed class PolicyMxResolver(IDnsResolver dns) : IMxResolver, IMtaStsTxtResolver
{
    public async Task<Lookup<MxRecord>> LookupMxAsync(string domain, CancellationToken cancellationToken)
    {
        var result = await dns.LookupMxAsync(domain, cancellationToken);
        return Convert<IReadOnlyList<MxHost>, MxRecord>(result, records => [.. records.Select(r => new MxRecord(r.Preference, r.Host))]);
    }

    public async Task<Lookup<IPAddress>> LookupAddressesAsync(string host, CancellationToken cancellationToken)
    {
        var result = await dns.LookupAddressesAsync(host, cancellationToken);
        return Convert(result, addresses => addresses);
    }

    public async Task<Lookup<string>> LookupTxtAsync(string name, CancellationToken cancellationToken)
    {
        var result = await dns.LookupTxtAsync(name, cancellationToken);
        return Convert(result, records => records);
    }

    private static Lookup<TOut> Convert<TIn, TOut>(DnsResult<TIn> result, Func<TIn, IReadOnlyList<TOut>> map) where TIn : class =>
        result.Status switch
        {
            DnsStatus.Ok => Lookup.Found(map(result.Value!)),
            DnsStatus.NotFound => Lookup.None<TOut>(),
            _ => Lookup.Failed<TOut>(result.Error ?? "DNS failure"),
        };
}
