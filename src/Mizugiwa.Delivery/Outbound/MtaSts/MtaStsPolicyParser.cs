using System.Globalization;

namespace Mizugiwa.Delivery.Outbound.MtaSts;

/// <summary>
/// Parses the policy file (RFC 8461 §3.2): "key: value" lines ending in LF or CRLF; "version: STSv1", "mode",
/// "max_age" (at most ten digits) and, unless the mode is none, at least one "mx". Unknown keys are ignored; of a
/// repeated key other than mx the first counts. A policy that breaks these rules is no policy: the caller keeps what it had.
/// </summary>
public static class MtaStsPolicyParser
{
    public static MtaStsPolicy? Parse(string text, out string? problem)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var mx = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.EndsWith('\r') ? raw[..^1] : raw;
            if (line.Length == 0) continue;
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) return Bad($"line '{Shorten(line)}' is not 'key: value'", out problem);
            string key = line[..colon];
            string value = line[(colon + 1)..].Trim(' ', '\t');
            if (!key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')) return Bad($"bad key '{Shorten(key)}'", out problem);
            if (key == "mx") mx.Add(value);
            else fields.TryAdd(key, value);
        }
        if (!fields.TryGetValue("version", out var version) || version != "STSv1") return Bad("version is not STSv1", out problem);
        if (!fields.TryGetValue("mode", out var modeText)) return Bad("no mode", out problem);
        MtaStsMode? mode = modeText switch { "enforce" => MtaStsMode.Enforce, "testing" => MtaStsMode.Testing, "none" => MtaStsMode.None, _ => null };
        if (mode is null) return Bad($"unknown mode '{Shorten(modeText)}'", out problem);
        if (!fields.TryGetValue("max_age", out var ageText) || ageText.Length is 0 or > 10 || !ageText.All(char.IsAsciiDigit))
            return Bad("max_age is missing or not 1 to 10 digits", out problem);
        var maxAge = TimeSpan.FromSeconds(Math.Min(long.Parse(ageText, CultureInfo.InvariantCulture), (long)MtaStsPolicy.LongestMaxAge.TotalSeconds));
        foreach (var pattern in mx)
        {
            if (!IsPattern(pattern)) return Bad($"bad mx pattern '{Shorten(pattern)}'", out problem);
        }
        if (mode != MtaStsMode.None && mx.Count == 0) return Bad("no mx", out problem);
        problem = null;
        return new MtaStsPolicy(mode.Value, [.. mx.Select(p => p.ToLowerInvariant())], maxAge);
    }

    /// <summary>A host name or "*." and a host name (ASCII letters, digits, hyphens; a trailing dot is allowed).</summary>
    private static bool IsPattern(string pattern)
    {
        string name = pattern.StartsWith("*.", StringComparison.Ordinal) ? pattern[2..] : pattern;
        name = name.EndsWith('.') ? name[..^1] : name;
        if (name.Length is 0 or > 253) return false;
        return name.Split('.').All(l => l.Length is > 0 and <= 63 && l[0] != '-' && l[^1] != '-'
            && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
    }

    private static MtaStsPolicy? Bad(string why, out string? problem)
    {
        problem = why;
        return null;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

/// <summary>The TXT record at _mta-sts.DOMAIN (RFC 8461 §3.1): "v=STSv1; id=ID" with an id of 1 to 32 letters and digits.</summary>
public static class MtaStsRecord
{
    /// <summary>The id of the one STSv1 record among <paramref name="txt"/>; null when there is none, it is malformed, or there are several (§3.1: then there is no record).</summary>
    public static string? IdOf(IEnumerable<string> txt)
    {
        var sts = txt.Where(t => t.StartsWith("v=STSv1", StringComparison.Ordinal)).ToList();
        return sts.Count == 1 ? ParseId(sts[0]) : null;
    }

    public static string? ParseId(string record)
    {
        var parts = record.Split(';').Select(p => p.Trim(' ', '\t')).ToList();
        if (parts.Count == 0 || parts[0] != "v=STSv1") return null;
        string? id = null;
        foreach (var part in parts.Skip(1))
        {
            if (part.Length == 0) continue;
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) return null;
            if (part[..eq] == "id" && id is null) id = part[(eq + 1)..];
        }
        return id is { Length: > 0 and <= 32 } && id.All(char.IsAsciiLetterOrDigit) ? id : null;
    }
}
