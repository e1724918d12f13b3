using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mizugiwa.Content.Spf;

/// <summary>Expands a parsed <see cref="SpfMacroString"/> (RFC 7208 §7.3, §7.4).</summary>
public static class SpfMacroExpander
{
    /// <summary>The longest domain name in text form; longer expansions lose labels on the left (§7.3).</summary>
    public const int MaxDomainLength = 253;

    public static string Expand(SpfMacroString macroString, SpfMacroContext context)
    {
        var sb = new StringBuilder();
        foreach (var token in macroString.Tokens)
        {
            if (token.Literal is not null) sb.Append(token.Literal);
            else if (token.EscapeText is not null) sb.Append(token.EscapeText);
            else sb.Append(ExpandMacro(token, context));
        }
        return sb.ToString();
    }

    /// <summary>Expands a domain-spec into the lower-case name to look up: no trailing dot, at most 253 characters.</summary>
    public static string ExpandDomain(SpfMacroString domainSpec, SpfMacroContext context)
    {
        var name = Expand(domainSpec, context);
        if (name.EndsWith('.')) name = name[..^1];
        while (name.Length > MaxDomainLength)
        {
            int dot = name.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0) break;
            name = name[(dot + 1)..];
        }
        return name.ToLowerInvariant();
    }

    private static string ExpandMacro(SpfMacroString.Token macro, SpfMacroContext context)
    {
        var value = Value(macro.Letter, context);
        var parts = value.Split(macro.Delimiters.ToCharArray());
        if (macro.Reverse) Array.Reverse(parts);
        if (macro.Keep > 0 && macro.Keep < parts.Length) parts = parts[^macro.Keep..];
        var joined = string.Join('.', parts);
        return macro.UrlEscape ? UrlEscape(joined) : joined;
    }

    private static string Value(char letter, SpfMacroContext context) => letter switch
    {
        's' => context.Sender,
        'l' => LocalPart(context.Sender),
        'o' => SenderDomain(context.Sender),
        'd' => context.Domain,
        'i' => DottedAddress(context.Ip),
        'p' => context.ValidatedName ?? "unknown",
        'v' => context.Ip.AddressFamily == AddressFamily.InterNetwork ? "in-addr" : "ip6",
        'h' => context.Helo,
        'c' => context.Ip.ToString(),
        'r' => context.ReceiverDomain,
        't' => context.Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(letter), letter, "not an SPF macro letter"),
    };

    private static string LocalPart(string sender)
    {
        int at = sender.LastIndexOf('@');
        return at < 0 ? "postmaster" : sender[..at];
    }

    private static string SenderDomain(string sender)
    {
        int at = sender.LastIndexOf('@');
        return at < 0 ? sender : sender[(at + 1)..];
    }

    /// <summary>%{i}: dotted quad for IPv4, 32 dot-separated nibbles for IPv6 (§7.3).</summary>
    private static string DottedAddress(IPAddress ip)
    {
        if (ip.AddressFamily == AddressFamily.InterNetwork) return ip.ToString();
        var bytes = ip.GetAddressBytes();
        var sb = new StringBuilder(63);
        foreach (var b in bytes)
        {
            if (sb.Length > 0) sb.Append('.');
            sb.Append(HexDigit(b >> 4)).Append('.').Append(HexDigit(b & 0xF));
        }
        return sb.ToString();
    }

    private static char HexDigit(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);

    /// <summary>Uppercase macro letters: everything but RFC 3986 unreserved characters is %-escaped.</summary>
    private static string UrlEscape(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            char c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~') sb.Append(c);
            else sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
