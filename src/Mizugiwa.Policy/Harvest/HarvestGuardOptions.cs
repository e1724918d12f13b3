using System.Net;

namespace Mizugiwa.Policy.Harvest;

/// <summary>The harvest guard: thresholds, block lengths, tarpit and the domain-wide rule.</summary>
public sealed record HarvestGuardOptions
{
    public HarvestThresholds PerAddress { get; init; } = HarvestThresholds.DefaultPerAddress;
    public HarvestThresholds PerNetwork { get; init; } = HarvestThresholds.DefaultPerNetwork;

    /// <summary>A blocked source gets 421 4.7.1 and is disconnected at connect instead of 450 at every RCPT.</summary>
    public bool RefuseAtConnect { get; init; }

    /// <summary>The first block; each further offence within <see cref="OffenceMemory"/> doubles it, up to <see cref="MaxBlock"/>.</summary>
    public TimeSpan BaseBlock { get; init; } = TimeSpan.FromMinutes(15);
    public TimeSpan MaxBlock { get; init; } = TimeSpan.FromHours(24);
    /// <summary>How long a source's offences are remembered after its last one.</summary>
    public TimeSpan OffenceMemory { get; init; } = TimeSpan.FromDays(7);

    /// <summary>The unknown-user reply is delayed from this many unknown recipients of the address in its window on.</summary>
    public int TarpitAfter { get; init; } = 3;
    /// <summary>Delay added per unknown recipient from <see cref="TarpitAfter"/> on; zero turns the tarpit off.</summary>
    public TimeSpan TarpitStep { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan TarpitMax { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Unknown recipients from all clients within <see cref="GlobalWindow"/> that mean a distributed harvest; 0 turns the rule off.</summary>
    public int GlobalUnknownRecipients { get; init; } = 200;
    public TimeSpan GlobalWindow { get; init; } = TimeSpan.FromHours(1);
    /// <summary>While the domain-wide rule holds, the per-source counts are multiplied by this.</summary>
    public double TighteningFactor { get; init; } = 0.5;

    /// <summary>Clients never counted nor blocked (own backup MX, relays) besides authenticated and trusted sessions.</summary>
    public IReadOnlyList<IPNetwork> TrustedNetworks { get; init; } = [];
}
