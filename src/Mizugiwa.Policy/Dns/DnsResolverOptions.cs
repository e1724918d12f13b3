namespace Mizugiwa.Policy.Dns;

/// <summary>Where and how <see cref="DnsResolver"/> asks.</summary>
public sealed class DnsResolverOptions
{
    /// <summary>"ip" or "ip:port" ("[v6]:port" for IPv6 with a port); empty = the system's resolvers.</summary>
    public IList<string> Servers { get; init; } = [];

    /// <summary>How long one attempt waits for an answer.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Further attempts after the first one times out.</summary>
    public int Retries { get; init; } = 2;

    /// <summary>Repeat a truncated UDP answer over TCP.</summary>
    public bool UseTcpFallback { get; init; } = true;
}
