using System.Net;
using System.Net.Sockets;
using Mizugiwa.Policy.Dns;

namespace Mizugiwa.Content.Tests.Dmarc;

/// <summary>TXT answers from a dictionary (unknown names: NotFound), remembering every name asked.</summary>
internal sealed class InMemoryDnsResolver : IDnsResolver
{
    private readonly Dictionary<string, DnsResult<IReadOnlyList<string>>> _txt = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _asked = [];

    public IReadOnlyList<string> Asked => _asked;

    public InMemoryDnsResolver Txt(string name, params string[] records)
    {
        _txt[name] = DnsResult.Ok<IReadOnlyList<string>>(records, TimeSpan.FromMinutes(5));
        return this;
    }

    public InMemoryDnsResolver Failing(string name)
    {
        _txt[name] = DnsResult.TemporaryFailure<IReadOnlyList<string>>("SERVFAIL");
        return this;
    }

    public Task<DnsResult<IReadOnlyList<string>>> LookupTxtAsync(string name, CancellationToken cancellationToken)
    {
        _asked.Add(name);
        return Task.FromResult(_txt.TryGetValue(name, out var answer) ? answer : DnsResult.NotFound<IReadOnlyList<string>>());
    }

    public Task<DnsResult<IReadOnlyList<string>>> LookupPtrAsync(IPAddress address, CancellationToken cancellationToken) =>
        throw new NotSupportedException("DMARC asks TXT only");

    public Task<DnsResult<IReadOnlyList<IPAddress>>> LookupAddressesAsync(string name, AddressFamily family, CancellationToken cancellationToken) =>
        throw new NotSupportedException("DMARC asks TXT only");

    public Task<DnsResult<IReadOnlyList<MxHost>>> LookupMxAsync(string name, CancellationToken cancellationToken) =>
        throw new NotSupportedException("DMARC asks TXT only");
}
