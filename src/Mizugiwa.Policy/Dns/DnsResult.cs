namespace Mizugiwa.Policy.Dns;

/// <summary>
/// The answer to one DNS question. <see cref="Value"/> is set only when <see cref="Status"/> is
/// <see cref="DnsStatus.Ok"/>. <see cref="Ttl"/> is how long the answer may be kept: the smallest
/// record TTL for a positive answer, the SOA negative TTL for a negative one, and null when the
/// server did not say (a negative answer without SOA, a temporary failure).
/// </summary>
public sealed record DnsResult<T>(DnsStatus Status, T? Value, TimeSpan? Ttl, string? Error = null)
    where T : class
{
    public bool IsOk => Status == DnsStatus.Ok;
    public bool IsNotFound => Status == DnsStatus.NotFound;
    public bool IsTemporaryFailure => Status == DnsStatus.TemporaryFailure;
}

/// <summary>Factories for <see cref="DnsResult{T}"/>.</summary>
public static class DnsResult
{
    public static DnsResult<T> Ok<T>(T value, TimeSpan? ttl) where T : class => new(DnsStatus.Ok, value, ttl);

    public static DnsResult<T> NotFound<T>(TimeSpan? ttl = null) where T : class => new(DnsStatus.NotFound, null, ttl);

    public static DnsResult<T> TemporaryFailure<T>(string error) where T : class => new(DnsStatus.TemporaryFailure, null, null, error);
}
