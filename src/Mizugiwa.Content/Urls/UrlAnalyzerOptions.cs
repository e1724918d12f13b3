namespace Mizugiwa.Content.Urls;

/// <summary>What <see cref="UrlAnalyzer"/> checks and the scores of its symbols.</summary>
public sealed record UrlAnalyzerOptions
{
    public IReadOnlyList<UriblZone> UriblZones { get; init; } = [];

    /// <summary>Distinct names (registered domains, and hosts below them) looked up per message, in the order found; each is asked of every zone.</summary>
    public int MaxDnsDomains { get; init; } = 20;

    /// <summary>URI_MANY fires above this many distinct hosts.</summary>
    public int ManyHostsThreshold { get; init; } = 30;

    /// <summary>A local list of domains (see <see cref="LocalDomainList"/>), or null.</summary>
    public LocalDomainList? LocalList { get; init; }

    public double UserInfoScore { get; init; } = 3.0;
    public double IpHostScore { get; init; } = 2.5;
    public double ObfuscatedIpHostScore { get; init; } = 4.0;
    public double LinkTextMismatchScore { get; init; } = 0.5;
    public double LocalListScore { get; init; } = 6.0;
    public double ManyHostsScore { get; init; } = 0.0;
}
