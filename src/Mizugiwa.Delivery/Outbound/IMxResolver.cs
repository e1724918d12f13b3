using System.Net;

namespace Mizugiwa.Delivery.Outbound;

/// <summary>How a DNS question for outbound delivery was answered.</summary>
public enum LookupStatus
{
    /// <summary>Records were found.</summary>
    Ok,
    /// <summary>NXDOMAIN or no records of the type.</summary>
    NotFound,
    /// <summary>SERVFAIL, timeout, network error: try again later.</summary>
    TemporaryFailure,
}

/// <summary>One MX record; <see cref="Host"/> is lower-case without the trailing dot, "" for a null MX (RFC 7505).</summary>
public sealed record MxRecord(int Preference, string Host);

/// <summary>The answer to one lookup; <see cref="Records"/> is empty unless <see cref="Status"/> is Ok.</summary>
public sealed record Lookup<T>(LookupStatus Status, IReadOnlyList<T> Records, string? Error = null);

/// <summary>Factories for <see cref="Lookup{T}"/>.</summary>
public static class Lookup
{
    public static Lookup<T> Found<T>(IReadOnlyList<T> records) => new(LookupStatus.Ok, records);
    public static Lookup<T> None<T>() => new(LookupStatus.NotFound, []);
    public static Lookup<T> Failed<T>(string error) => new(LookupStatus.TemporaryFailure, [], error);
}

/// <summary>
/// The DNS the outbound agent needs (RFC 5321 §5.1): MX records of a domain and the A/AAAA
/// addresses of a host. The server adapts the policy layer's resolver to it; tests use a fake.
/// Implementations do not throw for DNS errors; they answer <see cref="LookupStatus.TemporaryFailure"/>.
/// </summary>
public interface IMxResolver
{
    Task<Lookup<MxRecord>> LookupMxAsync(string domain, CancellationToken cancellationToken);

    /// <summary>A and AAAA records together.</summary>
    Task<Lookup<IPAddress>> LookupAddressesAsync(string host, CancellationToken cancellationToken);
}
