using System.Net;

namespace Mizugiwa.Content.Spf;

/// <summary>A parsed "v=spf1" record (RFC 7208 §4.6, §12): directives in order and the two known modifiers.</summary>
public sealed record SpfRecord(IReadOnlyList<SpfDirective> Directives, SpfMacroString? Redirect, SpfMacroString? Explanation)
{
    /// <summary>A redirect is ignored when the record has an "all" mechanism, wherever it stands (§6.1).</summary>
    public bool HasAll => Directives.Any(d => d.Kind == SpfMechanismKind.All);
}

public enum SpfMechanismKind
{
    All,
    Include,
    A,
    Mx,
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "the RFC 7208 mechanism name")]
    Ptr,
    Ip4,
    Ip6,
    Exists,
}

/// <summary>One qualifier and mechanism.</summary>
/// <param name="Text">The term as written, for logs and reasons.</param>
/// <param name="Qualifier">The result when it matches (+ pass, - fail, ~ softfail, ? neutral).</param>
/// <param name="Kind">The mechanism.</param>
/// <param name="DomainSpec">include, exists, and optionally a, mx, ptr: the target; null means &lt;domain&gt;.</param>
/// <param name="Network">ip4, ip6: the network address.</param>
/// <param name="Ip4Prefix">ip4, a, mx: the IPv4 cidr-length (32 when absent).</param>
/// <param name="Ip6Prefix">ip6, a, mx: the IPv6 cidr-length (128 when absent).</param>
public sealed record SpfDirective(
    string Text,
    SpfResult Qualifier,
    SpfMechanismKind Kind,
    SpfMacroString? DomainSpec = null,
    IPAddress? Network = null,
    int Ip4Prefix = 32,
    int Ip6Prefix = 128);
