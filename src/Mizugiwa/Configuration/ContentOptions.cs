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
    /// <summary>Put before the Subject of spam for recipients in label or quarantine mode (e.g. "[SPAM]"); empty = off.</summary>
    public string SubjectTag { get; set; } = "";
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
    public SpfConfiguration Spf { get; set; } = new();
    public UrlConfiguration Urls { get; set; } = new();
    public AttachmentConfiguration Attachments { get; set; } = new();
    public ClamdConfiguration Clamd { get; set; } = new();
    public FingerprintConfiguration Fingerprints { get; set; } = new();
    public BayesConfiguration Bayes { get; set; } = new();
}

/// <summary>SPF (section Content:Spf).</summary>
public sealed class SpfConfiguration
{
    public bool CheckHelo { get; set; } = true;
    public int TimeoutSeconds { get; set; } = 20;
}

/// <summary>URLs in messages (section Content:Urls).</summary>
public sealed class UrlConfiguration
{
    /// <summary>URI DNS block lists; each listed host or registered domain adds URI_URIBL_NAME.</summary>
    public List<UriblZoneConfiguration> UriblZones { get; set; } = [];
    /// <summary>A file of domains (one per line, # comments) whose links add URI_LOCAL_LIST.</summary>
    public string? LocalListPath { get; set; }
    public int MaxDnsDomains { get; set; } = 20;
    public int ManyHostsThreshold { get; set; } = 30;
}

public sealed class UriblZoneConfiguration
{
    public string Zone { get; set; } = "";
    public string? Name { get; set; }
    public double Score { get; set; } = 4.0;
    /// <summary>Also ask for raw-IP hosts (reversed), as SURBL-style zones answer them.</summary>
    public bool QueryIpHosts { get; set; }
}

/// <summary>Attachment policy (section Content:Attachments).</summary>
public sealed class AttachmentConfiguration
{
    /// <summary>Extensions without the dot; unset = the built-in list (exe, scr, pif, bat, cmd, com, js, vbs, …).</summary>
    public List<string>? BlockedExtensions { get; set; }
    /// <summary>Reject (the whole message, 550 5.7.1), Strip (replace the part with a note) or Score.</summary>
    public string Action { get; set; } = "Reject";
    public bool InspectZip { get; set; } = true;
}

/// <summary>The clamd virus scanner (section Content:Clamd); off unless Endpoint is set.</summary>
public sealed class ClamdConfiguration
{
    /// <summary>"host:port", "unix:/path" or an absolute socket path; unset = no virus scanning.</summary>
    public string? Endpoint { get; set; }
    /// <summary>RawMessage (the whole message) or Attachments (each attachment).</summary>
    public string Target { get; set; } = "RawMessage";
    public int TimeoutSeconds { get; set; } = 30;
    /// <summary>clamd's StreamMaxLength: longer data is cut before it is sent.</summary>
    public long StreamMaxLength { get; set; } = 25 * 1024 * 1024;
}

/// <summary>Fingerprints of known spam (section Content:Fingerprints), kept in the shared state store.</summary>
public sealed class FingerprintConfiguration
{
    public int TimeToLiveDays { get; set; } = 180;
    /// <summary>Estimated Jaccard similarity from which a text part matches a stored one fuzzily.</summary>
    public double SimilarityThreshold { get; set; } = 0.5;
    /// <summary>Text parts with fewer words are not fingerprinted fuzzily.</summary>
    public int MinimumWords { get; set; } = 20;

    public Mizugiwa.Content.Fingerprints.FingerprintOptions ToOptions() => new()
    {
        TimeToLive = TimeSpan.FromDays(TimeToLiveDays),
        SimilarityThreshold = SimilarityThreshold,
        MinimumWords = MinimumWords,
    };
}

/// <summary>The Bayes filter (section Content:Bayes), in DataDirectory/bayes.db.</summary>
public sealed class BayesConfiguration
{
    /// <summary>It votes only once this many spam and ham messages have been learned.</summary>
    public int MinSpamLearned { get; set; } = 200;
    public int MinHamLearned { get; set; } = 200;
    /// <summary>What users learn ("spam" / "not spam") also trains the global dictionary.</summary>
    public bool UserLearningFeedsGlobal { get; set; } = true;
    /// <summary>Each dictionary also learns a logistic regression whose vote is averaged with the chi-square (docs/BAYES.md).</summary>
    public bool LogisticVote { get; set; } = true;

    public Mizugiwa.Content.Bayes.BayesOptions ToOptions() => new()
    {
        MinSpamLearned = MinSpamLearned,
        MinHamLearned = MinHamLearned,
        UserLearningFeedsGlobal = UserLearningFeedsGlobal,
        LogisticRate = LogisticVote ? Mizugiwa.Content.Bayes.BayesOptions.Default.LogisticRate : 0,
    };
}
