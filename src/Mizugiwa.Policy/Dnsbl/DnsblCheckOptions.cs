namespace Mizugiwa.Policy.Dnsbl;

/// <summary>The zones to ask and what a failed lookup does.</summary>
public sealed class DnsblCheckOptions
{
    public IReadOnlyList<DnsblZone> Zones { get; init; } = [];
    public DnsblFailureMode FailureMode { get; init; } = DnsblFailureMode.Pass;
    /// <summary>Authenticated sessions (submission from dynamic addresses) are not checked.</summary>
    public bool ExemptAuthenticated { get; init; } = true;
}
