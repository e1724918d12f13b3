namespace Mizugiwa.Delivery.Outbound.MtaSts;

/// <summary>What a policy asks of senders (RFC 8461 §5).</summary>
public enum MtaStsMode
{
    /// <summary>No policy, or "mode: none": deliver as without MTA-STS.</summary>
    None,
    /// <summary>Deliver as today, but report (log) what enforce would have refused.</summary>
    Testing,
    /// <summary>Only MX hosts matching a pattern, only over STARTTLS with a valid certificate.</summary>
    Enforce,
}

/// <summary>A parsed MTA-STS policy (RFC 8461 §3.2).</summary>
public sealed record MtaStsPolicy(MtaStsMode Mode, IReadOnlyList<string> MxPatterns, TimeSpan MaxAge)
{
    /// <summary>The longest max_age the RFC allows (about one year); larger values are cut to it.</summary>
    public static readonly TimeSpan LongestMaxAge = TimeSpan.FromSeconds(31_557_600);

    /// <summary>Whether <paramref name="host"/> (an MX name) matches one of the policy's mx patterns (§4.1).</summary>
    public bool Allows(string host) => MxPatterns.Any(p => MtaStsMxPattern.Matches(p, host));
}

/// <summary>
/// MX pattern matching (RFC 8461 §4.1): a pattern is a host name, or "*." and a domain, which matches exactly one
/// more label on the left ("*.example.com" matches "mx1.example.com", not "example.com" nor "a.b.example.com").
/// Case and a trailing dot do not matter.
/// </summary>
public static class MtaStsMxPattern
{
    public static bool Matches(string pattern, string host)
    {
        string p = pattern.TrimEnd('.');
        string h = host.TrimEnd('.');
        if (p.Length == 0 || h.Length == 0) return false;
        if (!p.StartsWith("*.", StringComparison.Ordinal)) return string.Equals(p, h, StringComparison.OrdinalIgnoreCase);
        string suffix = p[1..]; // ".example.com"
        if (!h.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) return false;
        string label = h[..^suffix.Length];
        return label.Length > 0 && !label.Contains('.', StringComparison.Ordinal);
    }
}
