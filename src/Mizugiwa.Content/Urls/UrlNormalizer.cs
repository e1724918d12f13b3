using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mizugiwa.Content.Urls;

/// <summary>
/// Turns a URL as written into the normalised form of docs/URLS.md: lower-case scheme and host,
/// IDN host as punycode, no trailing dot, no userinfo, query or fragment, unreserved characters
/// percent-decoded, the scheme's default port removed, obfuscated IPv4 hosts as dotted decimal.
/// </summary>
public static class UrlNormalizer
{
    private static readonly Dictionary<string, int> DefaultPorts = new(StringComparer.Ordinal)
    {
        ["http"] = 80,
        ["https"] = 443,
        ["ftp"] = 21,
    };

    private static readonly IdnMapping Idn = new() { AllowUnassigned = true, UseStd3AsciiRules = false };

    /// <summary>
    /// The normalised finding, or null when the text is not an http, https or ftp URL with a host.
    /// A bare "www." form and a protocol-relative "//host/..." are read as http.
    /// </summary>
    public static UrlFinding? TryNormalize(string original, string? linkText = null)
    {
        var text = original.Trim().Replace('\\', '/'); // browsers read http:\\host\path as http://host/path
        if (text.StartsWith("www.", StringComparison.OrdinalIgnoreCase)) text = "http://" + text;
        else if (text.StartsWith("//", StringComparison.Ordinal)) text = "http:" + text; // protocol-relative href
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0) return null;
        var scheme = text[..schemeEnd].ToLowerInvariant();
        if (!DefaultPorts.TryGetValue(scheme, out var defaultPort)) return null;

        var rest = text[(schemeEnd + 3)..];
        var authorityEnd = rest.IndexOfAny(['/', '?', '#']);
        var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
        var pathAndMore = authorityEnd < 0 ? "" : rest[authorityEnd..];

        string? userInfo = null;
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            userInfo = authority[..at];
            authority = authority[(at + 1)..];
        }

        if (!SplitHostPort(authority, out var rawHost, out var port)) return null;
        var host = NormalizeHost(rawHost, out var ip, out var obfuscated);
        if (host is null) return null;

        var path = NormalizePath(pathAndMore);
        var hostForUri = ip?.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{host}]" : host;
        var portPart = port is null || port == defaultPort ? "" : ":" + port.Value.ToString(CultureInfo.InvariantCulture);
        if (!Uri.TryCreate($"{scheme}://{hostForUri}{portPart}{path}", UriKind.Absolute, out var uri)) return null;
        return new UrlFinding(original, uri, host, userInfo, ip, obfuscated, linkText);
    }

    /// <summary>The normalised host name alone (lower-case, punycode, no trailing dot), or null when it is not a valid host.</summary>
    public static string? NormalizeHost(string rawHost, out IPAddress? ip, out bool obfuscated)
    {
        ip = null;
        obfuscated = false;
        var host = PercentDecode(rawHost, onlyUnreserved: false).Trim().TrimEnd('.').ToLowerInvariant();
        if (host.Length == 0) return null;
        if (host.StartsWith('['))
        {
            if (!host.EndsWith(']') || !IPAddress.TryParse(host[1..^1], out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6) return null;
            ip = v6;
            return v6.ToString();
        }
        // Browsers map ideographic and fullwidth full stops to dots (UTS #46), spammers use them too.
        host = host.Replace('\u3002', '.').Replace('\uff0e', '.').Replace('\uff61', '.');
        ip = ObfuscatedIPv4.TryParse(host, out obfuscated);
        if (ip is not null) return ip.ToString();
        if (host.Any(c => c > 0x7f))
        {
            try
            {
                host = Idn.GetAscii(host);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }
        if (host.Split('.').Any(label => label.Length is 0 or > 63)) return null;
        return host.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_') ? host : null;
    }

    private static bool SplitHostPort(string authority, out string host, out int? port)
    {
        host = authority;
        port = null;
        var colon = authority.LastIndexOf(':');
        if (colon < 0 || authority.EndsWith(']')) return true;
        if (authority.StartsWith('[') && authority.LastIndexOf(']') > colon) return true;
        host = authority[..colon];
        var portText = authority[(colon + 1)..];
        if (portText.Length == 0) return true;
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 65535) return false;
        port = value;
        return true;
    }

    /// <summary>The path without query and fragment; unreserved escapes decoded, other escapes upper-case; "/" when empty.</summary>
    private static string NormalizePath(string pathAndMore)
    {
        var end = pathAndMore.IndexOfAny(['?', '#']);
        var path = end < 0 ? pathAndMore : pathAndMore[..end];
        if (path.Length == 0) return "/";
        return PercentDecode(path, onlyUnreserved: true);
    }

    private static string PercentDecode(string text, bool onlyUnreserved)
    {
        if (!text.Contains('%')) return text;
        var bytes = new List<byte>(text.Length);
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 2 < text.Length && char.IsAsciiHexDigit(text[i + 1]) && char.IsAsciiHexDigit(text[i + 2]))
            {
                var b = (byte)int.Parse(text.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                if (!onlyUnreserved) bytes.Add(b);
                else if (IsUnreserved((char)b)) result.Append((char)b);
                else result.Append('%').Append(text.AsSpan(i + 1, 2).ToString().ToUpperInvariant());
                i += 2;
                continue;
            }
            if (!onlyUnreserved && bytes.Count > 0) FlushUtf8(bytes, result);
            result.Append(text[i]);
        }
        if (bytes.Count > 0) FlushUtf8(bytes, result);
        return result.ToString();
    }

    private static void FlushUtf8(List<byte> bytes, StringBuilder result)
    {
        result.Append(Encoding.UTF8.GetString(bytes.ToArray()));
        bytes.Clear();
    }

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';
}
