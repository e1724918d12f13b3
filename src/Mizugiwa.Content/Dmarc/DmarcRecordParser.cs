using System.Globalization;

namespace Mizugiwa.Content.Dmarc;

/// <summary>What one TXT string at _dmarc.&lt;domain&gt; turned out to be.</summary>
public enum DmarcRecordKind
{
    /// <summary>It does not start with v=DMARC1: not a DMARC record, discarded (§6.6.3 steps 2 and 4).</summary>
    NotDmarc,
    /// <summary>A usable policy record.</summary>
    Valid,
    /// <summary>A DMARC record without a valid p= (or with an invalid sp=) and no valid rua=: no DMARC processing (§6.6.3 step 6.2).</summary>
    Invalid,
}

/// <param name="Kind">What the text is.</param>
/// <param name="Record">The record when <paramref name="Kind"/> is Valid.</param>
/// <param name="Error">Why it is Invalid.</param>
public sealed record DmarcRecordParseResult(DmarcRecordKind Kind, DmarcRecord? Record, string? Error = null);

/// <summary>
/// Parses a DMARC record (RFC 7489 §6.3, §6.4): tag=value pairs separated by ";", v=DMARC1 first.
/// Unknown tags are ignored; a bad value of an optional tag falls back to its default (§6.3).
/// </summary>
public static class DmarcRecordParser
{
    public static DmarcRecordParseResult Parse(string text)
    {
        var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var first = true;
        foreach (var part in text.Split(';'))
        {
            var pair = part.Trim(' ', '\t', '\r', '\n');
            if (pair.Length == 0) continue;
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? pair : pair[..eq].TrimEnd(' ', '\t');
            var value = eq < 0 ? "" : pair[(eq + 1)..].TrimStart(' ', '\t');
            if (first)
            {
                // v= must be the first tag and match "DMARC1" precisely (§6.3).
                if (eq < 0 || !name.Equals("v", StringComparison.OrdinalIgnoreCase) || value != "DMARC1") return new(DmarcRecordKind.NotDmarc, null);
                first = false;
            }
            tags.TryAdd(name, value); // a repeated tag keeps its first value
        }
        if (first) return new(DmarcRecordKind.NotDmarc, null);

        var rua = ReportUris(tags.GetValueOrDefault("rua"));
        var ruf = ReportUris(tags.GetValueOrDefault("ruf"));
        var policy = tags.TryGetValue("p", out var p) ? ParsePolicy(p) : null;
        DmarcPolicy? subdomainPolicy = null;
        var subdomainPolicyInvalid = false;
        if (tags.TryGetValue("sp", out var sp))
        {
            subdomainPolicy = ParsePolicy(sp);
            subdomainPolicyInvalid = subdomainPolicy is null;
        }

        var fromRua = false;
        if (policy is null || subdomainPolicyInvalid)
        {
            var error = policy is null ? (p is null ? "no p= tag" : $"invalid p={p}") : $"invalid sp={sp}";
            if (rua.Count == 0) return new(DmarcRecordKind.Invalid, null, error);
            // §6.6.3 step 6.1: act as if the record were v=DMARC1; p=none.
            policy = DmarcPolicy.None;
            subdomainPolicy = null;
            fromRua = true;
        }

        return new(DmarcRecordKind.Valid, new DmarcRecord(
            policy.Value,
            subdomainPolicy,
            ParsePercent(tags.GetValueOrDefault("pct")),
            ParseAlignment(tags.GetValueOrDefault("adkim")),
            ParseAlignment(tags.GetValueOrDefault("aspf")),
            rua,
            ruf,
            tags.GetValueOrDefault("fo") is { Length: > 0 } fo ? fo : "0",
            tags.GetValueOrDefault("rf") is { Length: > 0 } rf ? rf : "afrf",
            long.TryParse(tags.GetValueOrDefault("ri"), NumberStyles.None, CultureInfo.InvariantCulture, out var ri) ? ri : 86400,
            fromRua));
    }

    private static DmarcPolicy? ParsePolicy(string value) => value.ToLowerInvariant() switch
    {
        "none" => DmarcPolicy.None,
        "quarantine" => DmarcPolicy.Quarantine,
        "reject" => DmarcPolicy.Reject,
        _ => null,
    };

    private static int ParsePercent(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var pct) && pct <= 100 ? pct : 100;

    private static DmarcAlignment ParseAlignment(string? value) =>
        string.Equals(value, "s", StringComparison.OrdinalIgnoreCase) ? DmarcAlignment.Strict : DmarcAlignment.Relaxed;

    /// <summary>The syntactically valid URIs of a comma-separated list (§6.4 dmarc-uri: a URI with an optional "!size").</summary>
    private static List<string> ReportUris(string? value)
    {
        var uris = new List<string>();
        if (string.IsNullOrWhiteSpace(value)) return uris;
        foreach (var item in value.Split(','))
        {
            var candidate = item.Trim();
            var bang = candidate.LastIndexOf('!');
            var uri = bang > 0 && IsSize(candidate[(bang + 1)..]) ? candidate[..bang] : candidate;
            if (HasScheme(uri) && Uri.TryCreate(uri, UriKind.Absolute, out _) && !uri.Contains(' ', StringComparison.Ordinal))
                uris.Add(uri);
        }
        return uris;
    }

    /// <summary>An RFC 3986 scheme followed by ":" (so a bare path is not taken for a file URI).</summary>
    private static bool HasScheme(string uri)
    {
        var colon = uri.IndexOf(':', StringComparison.Ordinal);
        if (colon < 1 || !char.IsAsciiLetter(uri[0])) return false;
        return uri[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.');
    }

    /// <summary>A §6.4 size limit: digits with an optional k, m, g or t unit.</summary>
    private static bool IsSize(string text)
    {
        if (text.Length == 0) return false;
        var digits = "kmgt".Contains(char.ToLowerInvariant(text[^1]), StringComparison.Ordinal) ? text[..^1] : text;
        return digits.Length > 0 && digits.All(char.IsAsciiDigit);
    }
}
