namespace Mizugiwa.Policy.Harvest;

/// <summary>
/// When one source (a client address, or its network) counts as harvesting, over one sliding
/// window. A count rule fires when the count reaches its value; 0 turns a rule off.
/// </summary>
public sealed record HarvestThresholds
{
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>RCPTs to unknown users (the reply would be 550 5.1.1).</summary>
    public int UnknownRecipients { get; init; } = 10;
    /// <summary>Transactions that named recipients (accepted or unknown) and ended without DATA.</summary>
    public int RcptOnlyTransactions { get; init; } = 5;
    /// <summary>Fires when more than this share (0–1) of the RCPTs were unknown; 0 turns it off.</summary>
    public double UnknownShare { get; init; } = 0.5;
    /// <summary>The share rule needs at least this many RCPTs in the window.</summary>
    public int MinimumRecipientsForShare { get; init; } = 10;

    public static HarvestThresholds DefaultPerAddress { get; } = new();

    /// <summary>Three times the per-address counts: a /24 or /64 is several hosts.</summary>
    public static HarvestThresholds DefaultPerNetwork { get; } = new() { UnknownRecipients = 30, RcptOnlyTransactions = 15, MinimumRecipientsForShare = 30 };

    /// <summary>The counts scaled by <paramref name="factor"/> (rounded up, at least 1); the share itself stays.</summary>
    internal HarvestThresholds Tightened(double factor) => this with
    {
        UnknownRecipients = Scale(UnknownRecipients, factor),
        RcptOnlyTransactions = Scale(RcptOnlyTransactions, factor),
        MinimumRecipientsForShare = Scale(MinimumRecipientsForShare, factor),
    };

    private static int Scale(int count, double factor) => count <= 0 ? count : Math.Max(1, (int)Math.Ceiling(count * factor));
}
