namespace Mizugiwa.Configuration;

/// <summary>The IP- and SMTP-level checks (the "Checks" section).</summary>
public sealed class ChecksOptions
{
    /// <summary>Answer refusals from connect, HELO and MAIL at RCPT (Postfix's smtpd_delay_reject).</summary>
    public bool DelayReject { get; set; } = true;
    public bool ExemptPostmaster { get; set; } = true;
    public int CheckTimeoutSeconds { get; set; } = 15;
    /// <summary>"Defer" (451) or "Pass" when a check fails to answer.</summary>
    public string OnCheckFailure { get; set; } = "Defer";
    /// <summary>
    /// Our own networks (CIDR): clients there skip the spam checks (no relaying is implied).
    /// Unset means loopback only; a configured list replaces that default.
    /// </summary>
    public List<string>? TrustedNetworks { get; set; }

    public IReadOnlyList<string> EffectiveTrustedNetworks => TrustedNetworks ?? ["127.0.0.0/8", "::1/128"];
    /// <summary>How often allow/deny lists are re-read from the database.</summary>
    public int AccessRefreshSeconds { get; set; } = 10;

    public DnsOptions Dns { get; set; } = new();
    public HeloOptions Helo { get; set; } = new();
    public DnsblOptions Dnsbl { get; set; } = new();
    public RgreyOptions Rgrey { get; set; } = new();
    public HarvestOptions Harvest { get; set; } = new();
    public FlowOptions Flow { get; set; } = new();
}

public sealed class DnsOptions
{
    /// <summary>"ip" or "ip:port"; empty uses the system's resolvers.</summary>
    public List<string> Servers { get; set; } = [];
    public int TimeoutMilliseconds { get; set; } = 5000;
    public int Retries { get; set; } = 2;
}

public sealed class HeloOptions
{
    /// <summary>Our MX names besides HostName; a client claiming one is refused.</summary>
    public List<string> MxNames { get; set; } = [];
    /// <summary>Our public addresses besides the listen address.</summary>
    public List<string> OwnAddresses { get; set; } = [];
    /// <summary>Providers whose names only their own hosts may claim; null keeps the built-in list.</summary>
    public List<string>? ProtectedProviders { get; set; }
    /// <summary>Ignore, Score, Defer or Reject.</summary>
    public string NonFqdn { get; set; } = "Score";
    public string LiteralMismatch { get; set; } = "Score";
}

public sealed class DnsblOptions
{
    public List<DnsblZoneOptions> Zones { get; set; } = [];
    /// <summary>"Pass" or "Defer" when a DNSBL cannot be asked.</summary>
    public string OnFailure { get; set; } = "Pass";
}

public sealed class DnsblZoneOptions
{
    public string Zone { get; set; } = "";
    /// <summary>"Reject" (554 5.7.1) or "Score" (adds a symbol with Weight).</summary>
    public string Action { get; set; } = "Reject";
    public double Weight { get; set; } = 1.0;
    public List<string> AcceptedCodes { get; set; } = [];
    public string? Message { get; set; }
}

public sealed class RgreyOptions
{
    /// <summary>Off, S25rOnly (450 for S25R hosts, as the original S25R), Rgrey (greylist S25R hosts only), GreylistAll.</summary>
    public string Mode { get; set; } = "Rgrey";
    public string HeaderName { get; set; } = "X-Envelope-Information";
    /// <summary>Extra S25R rule files (rules and !exceptions) read after the built-in rules.</summary>
    public List<string> RuleFiles { get; set; } = [];
    public int DelaySeconds { get; set; } = 300;
    public int RetryWindowHours { get; set; } = 48;
    public int ExpiryDays { get; set; } = 35;
    public int AutoWhitelistAfter { get; set; } = 5;
}
