using System.Net;
using System.Net.Sockets;
using Mizugiwa.Policy.Dns;

namespace Mizugiwa.Content.Tests.Dkim.Support;

/// <summary>
/// The DNS of an offline conformance suite: TXT answers (or NXDOMAIN / temporary failures) from the
/// suite's own data files. Only for the suites; real-parts tests use dnsmasq.
/// </summary>
public sealed class SuiteDnsResolver : IDnsResolver
{
    private readonly Dictionary<string, DnsResult<IReadOnlyList<string>>> _txt = new(StringComparer.OrdinalIgnoreCase);

    public SuiteDnsResolver Txt(string name, params string[] values)
    {
        _txt[Normalize(name)] = DnsResult.Ok<IReadOnlyList<string>>(values, TimeSpan.FromMinutes(5));
        return this;
    }

    public SuiteDnsResolver NotFound(string name)
    {
        _txt[Normalize(name)] = DnsResult.NotFound<IReadOnlyList<string>>();
        return this;
    }

    public SuiteDnsResolver TemporaryFailure(string name, string error)
    {
        _txt[Normalize(name)] = DnsResult.TemporaryFailure<IReadOnlyList<string>>(error);
        return this;
    }

    public Task<DnsResult<IReadOnlyList<string>>> LookupTxtAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(_txt.TryGetValue(Normalize(name), out var result) ? result : DnsResult.NotFound<IReadOnlyList<string>>());

    public Task<DnsResult<IReadOnlyList<IPAddress>>> LookupAddressesAsync(string name, AddressFamily family, CancellationToken cancellationToken) =>
        Task.FromResult(DnsResult.NotFound<IReadOnlyList<IPAddress>>());

    public Task<DnsResult<IReadOnlyList<string>>> LookupPtrAsync(IPAddress address, CancellationToken cancellationToken) =>
        Task.FromResult(DnsResult.NotFound<IReadOnlyList<string>>());

    public Task<DnsResult<IReadOnlyList<MxHost>>> LookupMxAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(DnsResult.NotFound<IReadOnlyList<MxHost>>());

    private static string Normalize(string name) => name.Trim().TrimEnd('.');
}
