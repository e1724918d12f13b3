namespace Mizugiwa.Configuration;

/// <summary>The harvest guard (Checks:Harvest); see docs/HARVEST.md.</summary>
public sealed class HarvestOptions
{
    public bool Enabled { get; set; } = true;
    public int WindowSeconds { get; set; } = 600;
    public int UnknownRecipientsPerAddress { get; set; } = 10;
    public int UnknownRecipientsPerNetwork { get; set; } = 30;
    public int RcptOnlyTransactionsPerAddress { get; set; } = 5;
    public int RcptOnlyTransactionsPerNetwork { get; set; } = 15;
    /// <summary>Share of unknown recipients (with at least 10 RCPTs per address, 30 per network) that blocks.</summary>
    public double UnknownShare { get; set; } = 0.5;
    public int BlockSeconds { get; set; } = 900;
    public int MaxBlockSeconds { get; set; } = 86_400;
    /// <summary>Answer a blocked source with 421 at connect instead of 450 at each RCPT.</summary>
    public bool RefuseAtConnect { get; set; }
    public int TarpitAfter { get; set; } = 3;
    public int TarpitStepMilliseconds { get; set; } = 1000;
    public int TarpitMaxMilliseconds { get; set; } = 10_000;
    /// <summary>Unknown recipients per hour across all sources above which per-source thresholds are halved (0 = off).</summary>
    public int GlobalUnknownRecipients { get; set; } = 200;
    /// <summary>Exempt networks besides Checks:TrustedNetworks (own backup MX, relays), CIDR.</summary>
    public List<string> TrustedNetworks { get; set; } = [];
}

/// <summary>Flow control (Checks:Flow): limits per source address and per network (/24, /64); 0 turns one off.</summary>
public sealed class FlowOptions
{
    public bool Enabled { get; set; } = true;
    public int ConcurrentPerAddress { get; set; } = 20;
    public int ConcurrentPerNetwork { get; set; } = 80;
    public int ConnectionsPerMinutePerAddress { get; set; } = 60;
    public int ConnectionsPerMinutePerNetwork { get; set; } = 240;
    public int MessagesPer10MinutesPerAddress { get; set; } = 120;
    public int MessagesPer10MinutesPerNetwork { get; set; } = 480;
    public int RecipientsPer10MinutesPerAddress { get; set; } = 500;
    public int RecipientsPer10MinutesPerNetwork { get; set; } = 2000;
    public List<string> TrustedNetworks { get; set; } = [];
}
