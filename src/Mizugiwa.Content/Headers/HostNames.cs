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

    /// <summary>
    /// LDH labels (RFC 1123 host syntax), qualified or not, with a last label that is not all digits;
    /// underscores are tolerated because Windows machine names carry them.
    /// </summary>
    public static bool CouldBeHost(string text) => HostPattern().IsMatch(text);

    [GeneratedRegex(@"^(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)*(?=[a-z0-9_-]*[a-z_])[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HostPattern();
}
