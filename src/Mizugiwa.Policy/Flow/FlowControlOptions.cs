using System.Net;

namespace Mizugiwa.Policy.Flow;

/// <summary>Flow control: limits per client address and per network, counted in the shared state store.</summary>
public sealed record FlowControlOptions
{
    public FlowLimits PerAddress { get; init; } = FlowLimits.DefaultPerAddress;
    public FlowLimits PerNetwork { get; init; } = FlowLimits.DefaultPerNetwork;
    /// <summary>
    /// The connection gauges expire this long after their last change, so the counts of a node that
    /// died with connections open do not stay for ever. Longer than any session should last.
    /// </summary>
    public TimeSpan ConcurrencyTtl { get; init; } = TimeSpan.FromHours(1);
    /// <summary>Clients never limited (own backup MX, relays) besides authenticated and trusted sessions.</summary>
    public IReadOnlyList<IPNetwork> TrustedNetworks { get; init; } = [];
}
