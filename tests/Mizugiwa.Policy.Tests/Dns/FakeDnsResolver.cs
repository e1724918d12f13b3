using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Mizugiwa.Policy.Dns;

namespace Mizugiwa.Policy.Tests.Dns;

/// <summary>A resolver answering from a table; unknown questions get NOTFOUND. Counts the questions asked.</summary>
internal sealed class FakeDnsResolver : IDnsResolver
{
    private readonly ConcurrentDictionary<(string Type, string Name), object> _answers = new();
    private readonly ConcurrentDictionary<(string Type, string Name), int> _calls = new();

    /// <summary>When set, every answer waits for this task first.</summary>
    public Task? Gate { get; set; }

    public int Calls(string type, string name) => _calls.GetValueOrDefault((type, DnsName.Normalize(name)));
    public int TotalCalls => _calls.Values.Sum();

    public FakeDnsResolver Set<T>(string type, string name, DnsResult<T> result) where T : class
    {
        _answers[(type, DnsName.Normalize(name))] = result;
        return this;
    }

    public FakeDnsResolver Ptr(string address, params string[] names) =>
        Set<IReadOnlyList<string>>("PTR", address, DnsResult.Ok<IReadOnlyList<string>>(names, TimeSpan.FromMinutes(5)));

    public FakeDnsResolver A(string name, params string[] addresses) =>
        Set<IReadOnlyList<IPAddress>>("A", name, DnsResult.Ok<IReadOnlyList<IPAddress>>(addresses.Select(IPAddress.Parse).ToList(), TimeSpan.FromMinutes(5)));

    public FakeDnsResolver Aaaa(string name, params string[] addresses) =>
        Set<IReadOnlyList<IPAddress>>("AAAA", name, DnsResult.Ok<IReadOnlyList<IPAddress>>(addresses.Select(IPAddress.Parse).ToList(), TimeSpan.FromMinutes(5)));

    public FakeDnsResolver Txt(string name, params string[] texts) =>
        Set<IReadOnlyList<string>>("TXT", name, DnsResult.Ok<IReadOnlyList<string>>(texts, TimeSpan.FromMinutes(5)));

    public FakeDnsResolver Fail<T>(string type, string name) where T : class =>
        Set(type, name, DnsResult.TemporaryFailure<T>("SERVFAIL (fake)"));

    public Task<DnsResult<IReadOnlyList<string>>> LookupPtrAsync(IPAddress address, CancellationToken cancellationToken) =>
        AnswerAsync<IReadOnlyList<string>>("PTR", address.ToString(), cancellationToken);

    public Task<DnsResult<IReadOnlyList<IPAddress>>> LookupAddressesAsync(string name, AddressFamily family, CancellationToken cancellationToken) =>
        AnswerAsync<IReadOnlyList<IPAddress>>(family == AddressFamily.InterNetworkV6 ? "AAAA" : "A", name, cancellationToken);

    public Task<DnsResult<IReadOnlyList<string>>> LookupTxtAsync(string name, CancellationToken cancellationToken) =>
        AnswerAsync<IReadOnlyList<string>>("TXT", name, cancellationToken);

    public Task<DnsResult<IReadOnlyList<MxHost>>> LookupMxAsync(string name, CancellationToken cancellationToken) =>
        AnswerAsync<IReadOnlyList<MxHost>>("MX", name, cancellationToken);

    private async Task<DnsResult<T>> AnswerAsync<T>(string type, string name, CancellationToken cancellationToken) where T : class
    {
        var key = (type, DnsName.Normalize(name));
        _calls.AddOrUpdate(key, 1, (_, n) => n + 1);
        if (Gate is { } gate) await gate.WaitAsync(cancellationToken);
        return _answers.TryGetValue(key, out var answer) ? (DnsResult<T>)answer : DnsResult.NotFound<T>();
    }
}
