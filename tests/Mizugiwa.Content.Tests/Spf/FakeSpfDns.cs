using System.Net;
using System.Net.Sockets;
using Mizugiwa.Policy.Dns;

namespace Mizugiwa.Content.Tests.Spf;

/// <summary>An in-memory IDnsResolver for SPF edge cases: unknown names are NotFound, failing ones SERVFAIL.</summary>
internal sealed class FakeSpfDns : IDnsResolver
{
    private readonly Dictionary<string, List<string>> _txt = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<IPAddress>> _addresses = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<MxHost>> _mx = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<IPAddress, List<string>> _ptr = [];
    private readonly HashSet<string> _failing = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _hanging = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every question asked, as "TYPE name".</summary>
    public List<string> Queries { get; } = [];

    public FakeSpfDns Txt(string name, params string[] records)
    {
        Get(_txt, name).AddRange(records);
        return this;
    }

    public FakeSpfDns Address(string name, params string[] addresses)
    {
        Get(_addresses, name).AddRange(addresses.Select(IPAddress.Parse));
        return this;
    }

    public FakeSpfDns Mx(string name, params string[] hosts)
    {
        var list = Get(_mx, name);
        list.AddRange(hosts.Select((h, i) => new MxHost(10 * (list.Count + i + 1), h)));
        return this;
    }

    public FakeSpfDns Ptr(string address, params string[] names)
    {
        var ip = IPAddress.Parse(address);
        if (!_ptr.TryGetValue(ip, out var list)) _ptr[ip] = list = [];
        list.AddRange(names);
        return this;
    }

    /// <summary>Every question about the name (or "ptr:address") answers a temporary failure.</summary>
    public FakeSpfDns Fail(string name)
    {
        _failing.Add(name);
        return this;
    }

    /// <summary>Every question about the name waits until it is cancelled.</summary>
    public FakeSpfDns Hang(string name)
    {
        _hanging.Add(name);
        return this;
    }

    public Task<DnsResult<IReadOnlyList<string>>> LookupPtrAsync(IPAddress address, CancellationToken cancellationToken)
    {
        Queries.Add($"PTR {address}");
        if (_failing.Contains("ptr:" + address)) return Task.FromResult(DnsResult.TemporaryFailure<IReadOnlyList<string>>("SERVFAIL"));
        return Task.FromResult(_ptr.TryGetValue(address, out var names)
            ? DnsResult.Ok<IReadOnlyList<string>>(names, null)
            : DnsResult.NotFound<IReadOnlyList<string>>());
    }

    public Task<DnsResult<IReadOnlyList<IPAddress>>> LookupAddressesAsync(string name, AddressFamily family, CancellationToken cancellationToken)
    {
        Queries.Add($"{(family == AddressFamily.InterNetwork ? "A" : "AAAA")} {name}");
        var list = _addresses.TryGetValue(name, out var all) ? all.Where(a => a.AddressFamily == family).ToList() : [];
        return Answer<IReadOnlyList<IPAddress>>(name, list.Count == 0 ? null : list, cancellationToken);
    }

    public Task<DnsResult<IReadOnlyList<string>>> LookupTxtAsync(string name, CancellationToken cancellationToken)
    {
        Queries.Add($"TXT {name}");
        return Answer<IReadOnlyList<string>>(name, _txt.GetValueOrDefault(name), cancellationToken);
    }

    public Task<DnsResult<IReadOnlyList<MxHost>>> LookupMxAsync(string name, CancellationToken cancellationToken)
    {
        Queries.Add($"MX {name}");
        return Answer<IReadOnlyList<MxHost>>(name, _mx.GetValueOrDefault(name), cancellationToken);
    }

    private async Task<DnsResult<T>> Answer<T>(string name, T? value, CancellationToken cancellationToken) where T : class
    {
        if (_hanging.Contains(name)) await Task.Delay(Timeout.Infinite, cancellationToken);
        if (_failing.Contains(name)) return DnsResult.TemporaryFailure<T>("SERVFAIL");
        return value is null ? DnsResult.NotFound<T>() : DnsResult.Ok(value, null);
    }

    private static List<TValue> Get<TValue>(Dictionary<string, List<TValue>> map, string name)
    {
        if (!map.TryGetValue(name, out var list)) map[name] = list = [];
        return list;
    }
}
