using System.Globalization;
using System.Text;
using Mizugiwa.Content.Dkim;
using Org.BouncyCastle.Crypto;

namespace Mizugiwa.Content.Arc;

/// <summary>Who seals and how: the signing domain, selector and private key, the header fields the AMS signs, and our authserv-id.</summary>
public sealed record ArcSealerOptions(string Domain, string Selector, AsymmetricKeyParameter PrivateKey, IReadOnlyList<string> SignedHeaders, string AuthservId)
{
    public string Algorithm { get; init; } = "rsa-sha256";
}

/// <summary>The three fields of a new ARC set, each "Name: value" without a final CRLF, to be put on top of the message in this order.</summary>
public sealed record ArcSealFields(string Seal, string MessageSignature, string AuthenticationResults);

/// <summary>
/// Adds an ARC set (RFC 8617 §5.1): ARC-Authentication-Results from our results, an ARC-Message-Signature
/// (relaxed/relaxed) over the given header fields and the body, and an ARC-Seal over all sets with the
/// chain validation status. Tags are written in alphabetical order, one space after each semicolon.
/// </summary>
public static class ArcSealer
{
    /// <summary>
    /// The new set, or null when RFC 8617 §5.1 says not to seal: the chain already has 50 sets, or its
    /// newest ARC-Seal says cv=fail.
    /// </summary>
    /// <param name="chainValidation">Our validation of the chain as it arrived (none, pass or fail).</param>
    /// <param name="results">Our resinfos (e.g. "spf=pass smtp.mailfrom=example.org"), in order.</param>
    /// <param name="timestamp">t=, seconds since the epoch.</param>
    public static ArcSealFields? Seal(RawMessage message, string chainValidation, IReadOnlyList<string> results, ArcSealerOptions options, long timestamp)
    {
        if (chainValidation is not (ArcChainVerifier.None or ArcChainVerifier.Pass or ArcChainVerifier.Fail))
            throw new ArgumentException($"chain validation status must be none, pass or fail, not {chainValidation}", nameof(chainValidation));
        var existing = ExistingSets(message);
        if (existing.Count >= ArcChainVerifier.MaxInstances) return null;
        if (existing.Count > 0 && DkimTagList.TryParse(ValueOf(existing[^1].Seal), out var newest) && newest["cv"] == ArcChainVerifier.Fail) return null;
        var instance = (existing.Count + 1).ToString(CultureInfo.InvariantCulture);
        var t = timestamp.ToString(CultureInfo.InvariantCulture);
        var domain = options.Domain.ToLowerInvariant();
        var selector = options.Selector.ToLowerInvariant();

        var aar = $"{ArcSet.ResultsName}: i={instance}; {options.AuthservId};" +
                  (results.Count == 0 ? " none" : string.Concat(results.Select((r, n) => (n == 0 ? " " : ";\r\n\t") + r.Trim())));
        var headers = new List<RawHeaderField> { new(ArcSet.ResultsName, aar) };
        headers.AddRange(message.Headers);

        var bodyHash = DkimBodyHash.Compute(message, options.Algorithm, relaxed: true, null)!;
        var h = string.Join(':', options.SignedHeaders.Select(n => n.Trim().ToLowerInvariant()));
        var ams = Field(ArcSet.SignatureName, [("a", options.Algorithm), ("b", ""), ("bh", bodyHash), ("c", "relaxed/relaxed"), ("d", domain), ("h", h), ("i", instance), ("s", selector), ("t", t)]);
        ams = WithSignature(ams, DkimCrypto.Sign(options.Algorithm, options.PrivateKey, DkimCrypto.SignedHeaderData(headers, options.SignedHeaders, ams, relaxed: true)));

        var seal = Field(ArcSet.SealName, [("a", options.Algorithm), ("b", ""), ("cv", chainValidation), ("d", domain), ("i", instance), ("s", selector), ("t", t)]);
        // A seal recording a failed chain covers only its own set: the sets below it are not vouched for.
        var sets = chainValidation == ArcChainVerifier.Fail ? [(aar, ams, seal)] : existing.Append((aar, ams, seal)).ToList();
        seal = WithSignature(seal, DkimCrypto.Sign(options.Algorithm, options.PrivateKey, ArcSealData.For(sets)));
        return new ArcSealFields(seal, ams, aar);
    }

    /// <summary>The sets already on the message, by instance 1..N (the first field of each kind; a missing one is empty).</summary>
    private static List<(string Results, string Signature, string Seal)> ExistingSets(RawMessage message)
    {
        var fields = message.Headers.Where(ArcSet.IsArcField).Select(f => (Field: f, Instance: ArcSet.InstanceOf(f))).Where(x => x.Instance is not null).ToList();
        var count = fields.Count == 0 ? 0 : fields.Max(x => x.Instance!.Value);
        var sets = new List<(string, string, string)>();
        for (int i = 1; i <= count; i++)
        {
            string Kind(string name) => fields.FirstOrDefault(x => x.Instance == i && x.Field.Is(name)).Field?.Field ?? name + ":";
            sets.Add((Kind(ArcSet.ResultsName), Kind(ArcSet.SignatureName), Kind(ArcSet.SealName)));
        }
        return sets;
    }

    private static string ValueOf(string field) => field[(field.IndexOf(':', StringComparison.Ordinal) + 1)..];

    /// <summary>"Name: a=x; b=y" folded before a tag where the line would pass 78 characters.</summary>
    private static string Field(string name, IEnumerable<(string Tag, string Value)> tags)
    {
        var sb = new StringBuilder(name).Append(':');
        var column = sb.Length;
        foreach (var (tag, value) in tags)
        {
            var spec = $"{tag}={value}";
            if (column + spec.Length + 2 > 78 && column > name.Length + 1)
            {
                sb.Append("\r\n\t");
                column = 8;
            }
            else
            {
                sb.Append(' ');
                column++;
            }
            sb.Append(spec).Append(';');
            column += spec.Length + 1;
        }
        return sb.ToString(0, sb.Length - 1); // no trailing semicolon
    }

    private static string WithSignature(string field, byte[] signature)
    {
        var emptied = DkimCanonicalization.WithoutSignature(field);
        var at = emptied.IndexOf(" b=;", StringComparison.Ordinal);
        if (at < 0) at = emptied.IndexOf("\tb=;", StringComparison.Ordinal);
        return emptied[..(at + 3)] + Convert.ToBase64String(signature) + emptied[(at + 3)..];
    }
}
