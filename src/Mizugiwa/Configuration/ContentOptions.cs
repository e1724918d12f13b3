namespace Mizugiwa.Configuration;

/// <summary>The content level (section "Content"): analyzers, scores and thresholds.</summary>
public sealed class ContentOptions
{
    /// <summary>Scan incoming mail at the end of DATA. Off: no Authentication-Results, no spam label.</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>At or above this score a message is spam.</summary>
    public double SpamScore { get; set; } = 5.0;
    /// <summary>At or above this score a message is refused for every recipient, whatever they chose; unset = never.</summary>
    public double? RejectScore { get; set; }
    /// <summary>Messages larger than this are accepted unscanned.</summary>
    public long MaxScanSize { get; set; } = 10 * 1024 * 1024;
    public int MimeMaxDepth { get; set; } = 32;
    public int MimeMaxParts { get; set; } = 1000;
    /// <summary>Score per symbol name, replacing the analyzer's default, e.g. { "BAYES_99": 4.0 }.</summary>
    public Dictionary<string, double> Weights { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Symbols that force an action whatever the score: "spam" or "reject", e.g. { "FINGERPRINT_EXACT": "reject" }.</summary>
    public Dictionary<string, string> ForcedActions { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Analyzers switched off by name (e.g. "bayes", "url").</summary>
    public List<string> Disabled { get; set; } = [];
    public Mizugiwa.Content.Dmarc.DmarcOptions Dmarc { get; set; } = new();
    /// <summary>Load the rules shipped with Mizugiwa (src/Mizugiwa.Content/Rules/default.rules).</summary>
    public bool DefaultRules { get; set; } = true;
    /// <summary>More rule files (docs/RULES.md); a rule name may be defined only once over all files.</summary>
    public List<string> RuleFiles { get; set; } = [];
    /// <summary>How far a Date header may lie in the future / past before it counts.</summary>
    public int DateFutureToleranceHours { get; set; } = 12;
    public int DatePastToleranceDays { get; set; } = 4;
    /// <summary>More Received headers than this is a symbol (a loop or a forged trace).</summary>
    public int MaxReceivedHops { get; set; } = 30;
}
