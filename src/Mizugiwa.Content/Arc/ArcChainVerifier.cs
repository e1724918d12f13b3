using Mizugiwa.Content.Dkim;

namespace Mizugiwa.Content.Arc;

/// <summary>
/// Validates a message's ARC chain (RFC 8617 §5.2): the sets are collected and their structure checked
/// (instances 1..N, one field of each kind per instance, cv= none on i=1 and pass above), then the newest
/// ARC-Message-Signature and every ARC-Seal are verified, with keys through <see cref="DnsDkimPublicKeyLocator"/>.
/// </summary>
/// <param name="minimumRsaKeyBits">RSA keys shorter than this fail (RFC 8301 §3.2: at least 1024).</param>
public sealed class ArcChainVerifier(DnsDkimPublicKeyLocator keys, int minimumRsaKeyBits = 1024)
{
    /// <summary>RFC 8617 §4.2.1: i= is 1 to 50.</summary>
    public const int MaxInstances = 50;

    public const string None = "none";
    public const string Pass = "pass";
    public const string Fail = "fail";

    public async Task<ArcVerdict> VerifyAsync(RawMessage message, CancellationToken cancellationToken)
    {
        var arcFields = message.Headers.Where(ArcSet.IsArcField).ToList();
        if (arcFields.Count == 0) return new ArcVerdict(None, 0);
        var seals = arcFields.Count(f => f.Is(ArcSet.SealName));
        if (seals > MaxInstances) return new ArcVerdict(Fail, seals, $"more than {MaxInstances} ARC sets");

        var (sets, structureError) = Collect(arcFields);
        if (structureError is not null) return new ArcVerdict(Fail, seals, structureError);
        // §5.2 step 2: a chain an earlier hop already found broken stays broken.
        if (sets[^1].SealTags["cv"] == "fail") return new ArcVerdict(Fail, seals, $"ARC-Seal i={sets.Count} has cv=fail");
        for (int i = 0; i < sets.Count; i++)
        {
            var expected = i == 0 ? "none" : "pass";
            if (sets[i].SealTags["cv"] != expected) return new ArcVerdict(Fail, seals, $"ARC-Seal i={i + 1} must have cv={expected}");
        }

        if (await VerifySignatureAsync(message, sets[^1], cancellationToken).ConfigureAwait(false) is { } amsError)
            return new ArcVerdict(Fail, seals, $"ARC-Message-Signature i={sets.Count}: {amsError}");
        for (int i = sets.Count; i >= 1; i--)
        {
            if (await VerifySealAsync(sets, i, cancellationToken).ConfigureAwait(false) is { } asError)
                return new ArcVerdict(Fail, seals, $"ARC-Seal i={i}: {asError}");
        }
        return new ArcVerdict(Pass, seals);
    }

    /// <summary>§5.2 step 3: exactly one AAR, AMS and AS for every instance 1..N.</summary>
    private static (List<ArcSet> Sets, string? Error) Collect(List<RawHeaderField> fields)
    {
        var byInstance = new SortedDictionary<int, List<RawHeaderField>>();
        foreach (var field in fields)
        {
            if (ArcSet.InstanceOf(field) is not { } i) return ([], $"{field.Name} has no valid i= tag");
            if (!byInstance.TryGetValue(i, out var list)) byInstance[i] = list = [];
            list.Add(field);
        }
        var sets = new List<ArcSet>();
        int expected = 1;
        foreach (var (instance, list) in byInstance)
        {
            if (instance != expected++) return ([], $"ARC instance {expected - 1} is missing");
            var seal = list.Where(f => f.Is(ArcSet.SealName)).ToList();
            var signature = list.Where(f => f.Is(ArcSet.SignatureName)).ToList();
            var results = list.Where(f => f.Is(ArcSet.ResultsName)).ToList();
            if (seal.Count != 1 || signature.Count != 1 || results.Count != 1)
                return ([], $"ARC instance {instance} does not have exactly one field of each kind");
            if (!DkimTagList.TryParse(seal[0].Value, out var sealTags)) return ([], $"ARC-Seal i={instance} syntax error");
            if (!DkimTagList.TryParse(signature[0].Value, out var signatureTags)) return ([], $"ARC-Message-Signature i={instance} syntax error");
            sets.Add(new ArcSet(instance, results[0], signature[0], signatureTags, seal[0], sealTags));
        }
        return (sets, null);
    }

    /// <summary>The newest AMS, verified like a DKIM signature (§4.1.2; c= defaults to simple/simple).</summary>
    private async Task<string?> VerifySignatureAsync(RawMessage message, ArcSet set, CancellationToken cancellationToken)
    {
        var tags = set.SignatureTags;
        foreach (var required in new[] { "a", "b", "bh", "d", "h", "s" })
            if (!tags.Contains(required) || (required != "h" && tags[required]!.Length == 0)) return $"missing {required}= tag";
        if (tags["c"] is { } c && !IsCanonicalization(c)) return $"canonicalization {c} unsupported";
        // An empty name (h=, or "a::b") names no field, so like the name of an absent field it adds nothing (RFC 6376 §3.5 h=).
        var signed = tags["h"]!.Split(':').Select(h => h.Trim(' ', '\t', '\r', '\n')).Where(h => h.Length > 0).ToList();
        if (signed.Any(h => h.Equals(ArcSet.SealName, StringComparison.OrdinalIgnoreCase))) return "h= signs ARC-Seal (§4.1.2)";
        var canon = (tags["c"] ?? "simple/simple").Split('/');

        var algorithm = tags["a"]!;
        var key = await KeyAsync(tags, algorithm, cancellationToken).ConfigureAwait(false);
        if (key.Error is not null) return key.Error;
        var bodyHash = DkimBodyHash.Compute(message, algorithm, canon.Length > 1 && canon[1] == "relaxed", null);
        if (bodyHash != tags.Compact("bh")) return "body hash did not verify";
        var data = DkimCrypto.SignedHeaderData(message.Headers, signed, set.Signature.Field, canon[0] == "relaxed");
        return Verified(algorithm, key.Key!, data, tags.Compact("b")!) ? null : "signature did not verify";
    }

    /// <summary>AS i signs the sets 1..i, each AAR, AMS, AS in that order, relaxed, its own b= emptied (§5.1.1).</summary>
    private async Task<string?> VerifySealAsync(List<ArcSet> sets, int instance, CancellationToken cancellationToken)
    {
        var set = sets[instance - 1];
        var tags = set.SealTags;
        foreach (var required in new[] { "a", "b", "cv", "d", "s" })
            if (!tags.Contains(required) || tags[required]!.Length == 0) return $"missing {required}= tag";
        if (tags.Contains("h")) return "h= is not allowed in an ARC-Seal (§4.1.3)";
        var algorithm = tags["a"]!;
        var key = await KeyAsync(tags, algorithm, cancellationToken).ConfigureAwait(false);
        if (key.Error is not null) return key.Error;
        var data = ArcSealData.For(sets.Take(instance).Select(s => (s.Results.Field, s.Signature.Field, s.Seal.Field)).ToList());
        return Verified(algorithm, key.Key!, data, tags.Compact("b")!) ? null : "signature did not verify";
    }

    private async Task<(DkimKeyRecord? Key, string? Error)> KeyAsync(DkimTagList tags, string algorithm, CancellationToken cancellationToken)
    {
        if (algorithm is not ("rsa-sha256" or "ed25519-sha256")) return (null, $"algorithm {algorithm} unsupported");
        var lookup = await keys.LookupAsync(tags["d"]!.ToLowerInvariant(), tags["s"]!, cancellationToken).ConfigureAwait(false);
        if (lookup.Key is not { } key) return (null, lookup.Reason);
        if (!DkimCrypto.Fits(algorithm, key.PublicKey)) return (null, $"key type {key.KeyType} does not match a={algorithm}");
        if (!key.AllowsHash("sha256") || !key.AllowsEmail) return (null, "key does not allow this signature");
        if (key.KeyType == "rsa" && key.KeyBits < minimumRsaKeyBits) return (null, $"RSA key of {key.KeyBits} bits is too short");
        return (key, null);
    }

    private static bool Verified(string algorithm, DkimKeyRecord key, byte[] data, string b)
    {
        if (DkimCrypto.FromBase64(b) is not { } signature) return false;
        try
        {
            return DkimCrypto.Verify(algorithm, key.PublicKey, data, signature);
        }
        catch (Exception e) when (e is Org.BouncyCastle.Crypto.CryptoException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static bool IsCanonicalization(string c)
    {
        var parts = c.Split('/');
        return parts.Length <= 2 && parts.All(p => p is "simple" or "relaxed");
    }
}
