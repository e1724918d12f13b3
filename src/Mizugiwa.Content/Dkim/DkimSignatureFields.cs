using System.Globalization;

namespace Mizugiwa.Content.Dkim;

/// <summary>
/// The tags of a DKIM-Signature checked against RFC 6376 §6.1.1 before any key is fetched: required
/// tags, version, algorithm, canonicalization, query method, From signed, i= within d=, expiry.
/// </summary>
public sealed record DkimSignatureFields(
    string Domain,
    string Selector,
    string Algorithm,
    string Identity,
    string Signature,
    long? Expires,
    bool RelaxedHeaders,
    bool RelaxedBody,
    IReadOnlyList<string> SignedHeaders,
    string BodyHash,
    long? BodyLength)
{
    /// <summary>The hash name the key record's h= must allow ("sha256" or "sha1").</summary>
    public string Hash => Algorithm[(Algorithm.IndexOf('-', StringComparison.Ordinal) + 1)..];

    /// <summary>The key type the key record's k= must be ("rsa" or "ed25519").</summary>
    public string KeyType => Algorithm[..Algorithm.IndexOf('-', StringComparison.Ordinal)];

    /// <summary>Reads what can be read for reporting (d=, s=, a=, b=) even when the signature is unusable.</summary>
    public static (string Domain, string? Selector, string? Algorithm, string? Signature) Describe(DkimTagList tags) =>
        ((tags["d"] ?? "").ToLowerInvariant(), tags["s"], tags["a"], tags.Compact("b"));

    public static DkimSignatureFields? Parse(DkimTagList tags, DkimVerifierOptions options, DateTimeOffset now, out string? error)
    {
        foreach (var required in new[] { "v", "a", "b", "bh", "d", "h", "s" })
            if (!tags.Contains(required)) return Fail($"signature missing {required}= tag", out error);
        if (tags["v"] != "1") return Fail($"signature version {tags["v"]} unsupported", out error);
        var algorithm = tags["a"]!;
        if (algorithm is not ("rsa-sha256" or "ed25519-sha256") && !(algorithm == "rsa-sha1" && options.AllowRsaSha1))
            return Fail($"algorithm {algorithm} unsupported", out error);
        var c = tags["c"] ?? "simple/simple";
        if (!IsCanonicalization(c)) return Fail($"canonicalization {c} unsupported", out error);
        if (tags["q"] is { } q && !q.Split(':').Any(m => m.Trim() == "dns/txt")) return Fail($"query method {q} unsupported", out error);
        if (!tags["h"]!.Split(':').Any(h => h.Trim().Equals("from", StringComparison.OrdinalIgnoreCase)))
            return Fail("From is not signed", out error);
        if (tags.Compact("b")!.Length == 0) return Fail("signature b= is empty", out error);

        var domain = tags["d"]!.ToLowerInvariant();
        var identity = tags["i"] is { } i ? DecodeQuotedPrintable(i) : "@" + domain;
        var at = identity.LastIndexOf('@');
        if (at < 0) return Fail("i= has no @", out error);
        var identityDomain = identity[(at + 1)..].ToLowerInvariant();
        if (identityDomain != domain && !identityDomain.EndsWith("." + domain, StringComparison.Ordinal))
            return Fail("i= domain is not d= or a subdomain of it", out error);

        long? length = null;
        if (tags["l"] is { } l)
        {
            if (l.Length is 0 or > 76 || !long.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var lValue)) return Fail("l= is not a number", out error);
            length = lValue;
        }

        long? expires = null;
        if (tags["x"] is { } x)
        {
            if (!long.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out var xValue)) return Fail("x= is not a number", out error);
            expires = xValue;
            if (tags["t"] is { } t && long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var tValue) && tValue > xValue)
                return Fail("x= is before t=", out error);
            if (options.EnforceExpiry && xValue < now.ToUnixTimeSeconds()) return Fail("signature expired", out error);
        }
        error = null;
        var parts = c.Split('/');
        // An empty name ("a::b") names no field, so like the name of an absent field it adds nothing (§3.5 h=).
        var signed = tags["h"]!.Split(':').Select(h => h.Trim(' ', '\t', '\r', '\n')).Where(h => h.Length > 0).ToList();
        return new DkimSignatureFields(domain, tags["s"]!, algorithm, identity, tags.Compact("b")!, expires,
            parts[0] == "relaxed", parts.Length > 1 && parts[1] == "relaxed", signed, tags.Compact("bh")!, length);
    }

    /// <summary>dkim-quoted-printable (RFC 6376 §2.11): =XX escapes; white space is folding and dropped.</summary>
    internal static string DecodeQuotedPrintable(string value)
    {
        var chars = new List<char>(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] == '=' && i + 2 < value.Length && byte.TryParse(value.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                chars.Add((char)b);
                i += 2;
            }
            else if (!char.IsWhiteSpace(value[i])) chars.Add(value[i]);
        }
        return new string([.. chars]);
    }

    private static bool IsCanonicalization(string c)
    {
        var parts = c.Split('/');
        return parts.Length <= 2 && parts.All(p => p is "simple" or "relaxed");
    }

    private static DkimSignatureFields? Fail(string reason, out string? error)
    {
        error = reason;
        return null;
    }
}
