using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Mizugiwa.Content.Spf;

/// <summary>
/// Record selection and the record grammar of RFC 7208 §4.5 and §12. Any syntax error anywhere in the
/// record makes the whole record a permerror (§4.6).
/// </summary>
public static partial class SpfRecordParser
{
    private const string Version = "v=spf1";

    /// <summary>Whether a TXT string is an SPF record: "v=spf1" alone or followed by a space.</summary>
    public static bool IsSpfRecord(string txt) =>
        txt.StartsWith(Version, StringComparison.OrdinalIgnoreCase) && (txt.Length == Version.Length || txt[Version.Length] == ' ');

    public static bool TryParse(string txt, [NotNullWhen(true)] out SpfRecord? record, [NotNullWhen(false)] out string? error)
    {
        record = null;
        if (!IsSpfRecord(txt))
        {
            error = "not a v=spf1 record";
            return false;
        }
        var directives = new List<SpfDirective>();
        SpfMacroString? redirect = null;
        SpfMacroString? explanation = null;
        foreach (var term in txt[Version.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var modifier = Modifier().Match(term);
            if (modifier.Success)
            {
                var name = modifier.Groups["name"].Value.ToLowerInvariant();
                var value = modifier.Groups["value"].Value;
                if (name is "redirect" or "exp")
                {
                    if ((name == "redirect" ? redirect : explanation) is not null)
                    {
                        error = $"more than one {name}= modifier";
                        return false;
                    }
                    if (!SpfMacroString.TryParseDomainSpec(value, out var spec))
                    {
                        error = $"bad domain-spec in {term}";
                        return false;
                    }
                    if (name == "redirect") redirect = spec; else explanation = spec;
                }
                else if (!SpfMacroString.TryParse(value, explanation: false, out _))
                {
                    error = $"bad macro-string in {term}";
                    return false;
                }
                continue;
            }
            if (!TryParseDirective(term, out var directive))
            {
                error = $"bad term {term}";
                return false;
            }
            directives.Add(directive);
        }
        record = new SpfRecord(directives, redirect, explanation);
        error = null;
        return true;
    }

    private static bool TryParseDirective(string term, [NotNullWhen(true)] out SpfDirective? directive)
    {
        directive = null;
        var qualifier = SpfResult.Pass;
        var body = term;
        if (body.Length > 0 && body[0] is '+' or '-' or '~' or '?')
        {
            qualifier = body[0] switch { '+' => SpfResult.Pass, '-' => SpfResult.Fail, '~' => SpfResult.SoftFail, _ => SpfResult.Neutral };
            body = body[1..];
        }
        int end = body.IndexOfAny([':', '/']);
        var name = (end < 0 ? body : body[..end]).ToLowerInvariant();
        var rest = end < 0 ? "" : body[end..];
        switch (name)
        {
            case "all":
                if (rest.Length != 0) return false;
                directive = new SpfDirective(term, qualifier, SpfMechanismKind.All);
                return true;
            case "include":
            case "exists":
                if (!rest.StartsWith(':') || !SpfMacroString.TryParseDomainSpec(rest[1..], out var target)) return false;
                directive = new SpfDirective(term, qualifier, name == "include" ? SpfMechanismKind.Include : SpfMechanismKind.Exists, target);
                return true;
            case "a":
            case "mx":
                return TryParseAddressMechanism(term, qualifier, name == "a" ? SpfMechanismKind.A : SpfMechanismKind.Mx, rest, out directive);
            case "ptr":
                SpfMacroString? ptrTarget = null;
                if (rest.Length != 0 && (!rest.StartsWith(':') || !SpfMacroString.TryParseDomainSpec(rest[1..], out ptrTarget))) return false;
                directive = new SpfDirective(term, qualifier, SpfMechanismKind.Ptr, ptrTarget);
                return true;
            case "ip4":
            case "ip6":
                return TryParseIpMechanism(term, qualifier, name == "ip4", rest, out directive);
            default:
                return false;
        }
    }

    /// <summary>a and mx: [ ":" domain-spec ] [ dual-cidr-length ].</summary>
    private static bool TryParseAddressMechanism(string term, SpfResult qualifier, SpfMechanismKind kind, string rest, out SpfDirective? directive)
    {
        directive = null;
        var match = DualCidr().Match(rest);
        var domainPart = rest[..match.Index];
        int ip4 = 32, ip6 = 128;
        if (match.Groups["v4"].Success && !TryPrefix(match.Groups["v4"].Value, 32, out ip4)) return false;
        if (match.Groups["v6"].Success && !TryPrefix(match.Groups["v6"].Value, 128, out ip6)) return false;
        SpfMacroString? target = null;
        if (domainPart.Length != 0 && (!domainPart.StartsWith(':') || !SpfMacroString.TryParseDomainSpec(domainPart[1..], out target))) return false;
        directive = new SpfDirective(term, qualifier, kind, target, null, ip4, ip6);
        return true;
    }

    /// <summary>ip4 ":" ip4-network [ ip4-cidr-length ], ip6 ":" ip6-network [ ip6-cidr-length ].</summary>
    private static bool TryParseIpMechanism(string term, SpfResult qualifier, bool v4, string rest, out SpfDirective? directive)
    {
        directive = null;
        if (!rest.StartsWith(':')) return false;
        var value = rest[1..];
        int slash = value.IndexOf('/');
        var addressText = slash < 0 ? value : value[..slash];
        int prefix = v4 ? 32 : 128;
        if (slash >= 0 && !TryPrefix(value[(slash + 1)..], prefix, out prefix)) return false;
        IPAddress? network;
        if (v4)
        {
            if (!Ip4Network().IsMatch(addressText)) return false;
            if (!IPAddress.TryParse(addressText, out network)) return false;
        }
        else if (!addressText.Contains(':') || addressText.Contains('%') || !IPAddress.TryParse(addressText, out network)
                 || network.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }
        directive = v4
            ? new SpfDirective(term, qualifier, SpfMechanismKind.Ip4, null, network, Ip4Prefix: prefix)
            : new SpfDirective(term, qualifier, SpfMechanismKind.Ip6, null, network, Ip6Prefix: prefix);
        return true;
    }

    /// <summary>A cidr-length: "0" or digits without a leading zero, at most <paramref name="max"/>.</summary>
    private static bool TryPrefix(string digits, int max, out int prefix)
    {
        prefix = 0;
        if (digits.Length is 0 or > 3 || !digits.All(char.IsAsciiDigit) || (digits.Length > 1 && digits[0] == '0')) return false;
        prefix = int.Parse(digits, CultureInfo.InvariantCulture);
        return prefix <= max;
    }

    // name "=" value, where name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." )
    [GeneratedRegex("^(?<name>[A-Za-z][A-Za-z0-9._-]*)=(?<value>.*)\\z")]
    private static partial Regex Modifier();

    // the dual-cidr-length at the end of a or mx ("" when absent): [ "/" ip4 ] [ "//" ip6 ]
    [GeneratedRegex("(?:/(?<v4>[0-9]+))?(?://(?<v6>[0-9]+))?\\z", RegexOptions.RightToLeft)]
    private static partial Regex DualCidr();

    // qnum "." qnum "." qnum "." qnum, qnum = 0-255 without leading zeros
    [GeneratedRegex("^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\z")]
    private static partial Regex Ip4Network();
}
