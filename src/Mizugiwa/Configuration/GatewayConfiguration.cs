namespace Mizugiwa.Configuration;

/// <summary>The "Gateway" section: domains this server is the MX of and relays to a next hop (docs/GATEWAY.md).</summary>
public sealed class GatewayConfiguration
{
    public List<RelayDomainConfiguration> Domains { get; set; } = [];
    /// <summary>How long a probe's "user exists" is cached.</summary>
    public double ValidCacheDays { get; set; } = 30;
    /// <summary>How long a probe's "no such user" is cached.</summary>
    public double UnknownCacheDays { get; set; } = 3;
    /// <summary>How long a temporary probe answer (4xx, next hop down) is cached; 0 = not at all.</summary>
    public int TemporaryCacheSeconds { get; set; }
    /// <summary>The longest a probe (connect to QUIT) may take before the client is told 450.</summary>
    public int ProbeTimeoutSeconds { get; set; } = 20;

    internal static void Validate(GatewayConfiguration g, Action<bool, string> require)
    {
        require(g.ValidCacheDays is > 0 and <= 3650 && g.UnknownCacheDays is > 0 and <= 3650, "Gateway:ValidCacheDays and UnknownCacheDays must be above 0 and at most 3650");
        require(g.TemporaryCacheSeconds >= 0 && g.ProbeTimeoutSeconds is >= 1 and <= 4_294_967,
            "Gateway:TemporaryCacheSeconds must not be negative and ProbeTimeoutSeconds must be within 1..4294967 (the longest timeout)");
        for (int i = 0; i < g.Domains.Count; i++)
        {
            var d = g.Domains[i];
            require(Core.SmtpAddress.IsDomainOrLiteral(d.Domain, false) && !d.Domain.StartsWith('['), $"Gateway:Domains:{i}:Domain '{d.Domain}' is not a domain");
            require(Policy.Gateway.NextHop.TryParse(d.NextHop) is not null, $"Gateway:Domains:{i}:NextHop '{d.NextHop}' must be smtp:host:port or lmtp:host:port");
            require(Enum.TryParse<Policy.Gateway.RelayVerification>(d.Verify, ignoreCase: true, out _),
                $"Gateway:Domains:{i}:Verify '{d.Verify}' must be Directory, Probe or None");
        }
        require(g.Domains.Select(d => d.Domain.ToLowerInvariant()).Distinct().Count() == g.Domains.Count, "Gateway:Domains lists a domain twice");
    }
}

public sealed class RelayDomainConfiguration
{
    public string Domain { get; set; } = "";
    /// <summary>"smtp:host:port" or "lmtp:host:port".</summary>
    public string NextHop { get; set; } = "";
    /// <summary>Directory, Probe or None.</summary>
    public string Verify { get; set; } = "Probe";
}
