using Mizugiwa.Core;
using System.Net;
using System.Net.Sockets;
using DnsClient;
using DnsClient.Protocol;

namespace Mizugiwa.Policy.Dns;

/// <summary>
/// Asks DNS servers through DnsClient.NET. It does not cache (DnsClient's own cache is off);
/// wrap it in <see cref="CachingDnsResolver"/> for that.
/// </summary>
public sealed class DnsResolver : IDnsResolver
{
    private readonly LookupClient _client;

    public DnsResolver(DnsResolverOptions options)
    {
        var servers = options.Servers.Select(DnsServerEndpoint.Parse).ToArray();
        var clientOptions = servers.Length == 0 ? new LookupClientOptions() : new LookupClientOptions(servers);
        clientOptions.UseCache = false;
        clientOptions.Timeout = options.Timeout;
        clientOptions.Retries = options.Retries;
        clientOptions.UseTcpFallback = options.UseTcpFallback;
        clientOptions.ThrowDnsErrors = false;
        clientOptions.ContinueOnDnsError = false;
        clientOptions.ContinueOnEmptyResponse = false;
        clientOptions.UseRandomNameServer = false;
        _client = new LookupClient(clientOptions);
    }

    public Task<DnsResult<IReadOnlyList<string>>> LookupPtrAsync(IPAddress address, CancellationToken cancellationToken)
    {
        address = ClientAddress.Unmapped(address);
        return QueryAsync<PtrRecord, string>(address.GetArpaName(), QueryType.PTR, r => DnsName.Normalize(r.PtrDomainName.Value), cancellationToken);
    }

    public Task<DnsResult<IReadOnlyList<IPAddress>>> LookupAddressesAsync(string name, AddressFamily family, CancellationToken cancellationToken) =>
        family switch
        {
            AddressFamily.InterNetwork => QueryAsync<ARecord, IPAddress>(name, QueryType.A, r => r.Address, cancellationToken),
            AddressFamily.InterNetworkV6 => QueryAsync<AaaaRecord, IPAddress>(name, QueryType.AAAA, r => r.Address, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(family), family, "Only IPv4 and IPv6."),
        };

    public Task<DnsResult<IReadOnlyList<string>>> LookupTxtAsync(string name, CancellationToken cancellationToken) =>
        QueryAsync<TxtRecord, string>(name, QueryType.TXT, r => string.Concat(r.Text), cancellationToken);

    public async Task<DnsResult<IReadOnlyList<MxHost>>> LookupMxAsync(string name, CancellationToken cancellationToken)
    {
        var result = await QueryAsync<MxRecord, MxHost>(name, QueryType.MX,
            r => new MxHost(r.Preference, DnsName.Normalize(r.Exchange.Value)), cancellationToken);
        return result.IsOk
            ? result with { Value = result.Value!.OrderBy(m => m.Preference).ThenBy(m => m.Host, StringComparer.Ordinal).ToList() }
            : result;
    }

    private async Task<DnsResult<IReadOnlyList<TValue>>> QueryAsync<TRecord, TValue>(
        string name, QueryType type, Func<TRecord, TValue> select, CancellationToken cancellationToken)
        where TRecord : DnsResourceRecord
        where TValue : notnull
    {
        try
        {
            var response = await _client.QueryAsync(name, type, QueryClass.IN, cancellationToken);
            return DnsResponseReader.Read(response, select);
        }
        catch (DnsResponseException e)
        {
            return DnsResult.TemporaryFailure<IReadOnlyList<TValue>>($"{e.Code}: {e.Message}");
        }
        catch (SocketException e)
        {
            return DnsResult.TemporaryFailure<IReadOnlyList<TValue>>($"{e.SocketErrorCode}: {e.Message}");
        }
        catch (ArgumentException e)
        {
            // DnsClient refuses names it cannot encode (e.g. labels over 63 octets): no such name can exist.
            return DnsResult.NotFound<IReadOnlyList<TValue>>() with { Error = e.Message };
        }
    }
}
