using System.Net;
using System.Text.RegularExpressions;

namespace Mizugiwa.Content.Headers;

/// <summary>Whether a text looks like an IP literal or like a fully qualified host name.</summary>
internal static partial class HostNames
{
    public static bool IsIpLiteral(string text)
    {
        var inner = text.StartsWith('[') && text.EndsWith(']') ? text[1..^1] : text;
        if (inner.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase)) inner = inner[5..];
        return inner.Contains('.') || inner.Contains(':') ? IPAddress.TryParse(inner, out _) : false;
    }

    /// <summary>At least two LDH labels and an alphabetic top-level label (RFC 1123 host syntax).</summary>
    public static bool LooksLikeHost(string text) => HostPattern().IsMatch(text);

    [GeneratedRegex(@"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]\.?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HostPattern();
}
