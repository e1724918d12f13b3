namespace Mizugiwa.Policy.Dns;

/// <summary>
/// The client's verified name (<see cref="Name"/>: lower-case, no trailing dot) or "unknown", and the
/// PTR names seen (unverified, for logs). Check <see cref="Status"/> before treating "unknown" as
/// "has no name": after a temporary failure the name is also "unknown" but must not count as such.
/// </summary>
public sealed record FcrDnsResult(FcrDnsStatus Status, string Name, IReadOnlyList<string> PtrNames, string? Error = null)
{
    public const string Unknown = "unknown";

    public bool IsConfirmed => Status == FcrDnsStatus.Confirmed;

    /// <summary>True when DNS says the client has no confirmed name (S25R rule 0); false after a temporary failure.</summary>
    public bool IsUnknown => Status is FcrDnsStatus.NoPtr or FcrDnsStatus.NotConfirmed;

    public static FcrDnsResult Confirmed(string name, IReadOnlyList<string> ptrNames) => new(FcrDnsStatus.Confirmed, name, ptrNames);
    public static FcrDnsResult NoPtr() => new(FcrDnsStatus.NoPtr, Unknown, []);
    public static FcrDnsResult NotConfirmed(IReadOnlyList<string> ptrNames) => new(FcrDnsStatus.NotConfirmed, Unknown, ptrNames);
    public static FcrDnsResult TemporaryFailure(IReadOnlyList<string> ptrNames, string? error) => new(FcrDnsStatus.TemporaryFailure, Unknown, ptrNames, error);
}
