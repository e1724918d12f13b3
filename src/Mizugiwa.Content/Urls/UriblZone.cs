namespace Mizugiwa.Content.Urls;

/// <summary>
/// One URI blocklist DNS zone (SURBL/URIBL style): a domain is listed when &lt;domain&gt;.&lt;zone&gt; has an
/// A record in 127.0.0.0/8. With <see cref="Bits"/>, only answers whose last octet has one of those
/// bits set count, and the detail names them (e.g. 2 = "sc", 8 = "ph", 64 = "abuse"); without it
/// every 127.0.0.0/8 answer counts except 127.0.0.1 and 127.255.255.0/24, which lists use for
/// "query refused" and errors.
/// </summary>
public sealed record UriblZone
{
    /// <summary>The DNS zone, e.g. "multi.surbl.org".</summary>
    public required string Zone { get; init; }

    /// <summary>The symbol's suffix: URI_URIBL_ and this in capitals; null = the zone with dots as underscores.</summary>
    public string? Name { get; init; }

    public double Score { get; init; } = 4.0;

    /// <summary>Bit value of the answer's last octet to its meaning; empty = any listing code.</summary>
    public IReadOnlyDictionary<int, string> Bits { get; init; } = new Dictionary<int, string>();

    /// <summary>Ask for IP hosts too, as the reversed address (4.3.2.1.zone for 1.2.3.4), as SURBL does; else skip them.</summary>
    public bool QueryIpHosts { get; init; }

    public string Symbol => "URI_URIBL_" + new string((Name ?? Zone).ToUpperInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
}
