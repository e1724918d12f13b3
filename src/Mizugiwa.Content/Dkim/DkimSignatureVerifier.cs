namespace Mizugiwa.Content.Dkim;

/// <summary>
/// Verifies one DKIM-Signature field (RFC 6376 §6.1): its tags, then its key (fetched through
/// <see cref="DnsDkimPublicKeyLocator"/> and checked against the signature), then the body hash and
/// the signature over the canonicalized header fields. Never throws for a bad message.
/// </summary>
public sealed class DkimSignatureVerifier(DnsDkimPublicKeyLocator keys, DkimVerifierOptions options, TimeProvider time)
{
    private const int SignaturePrefixLength = 8;

    public async Task<DkimSignatureCheck> VerifyAsync(RawMessage message, RawHeaderField signature, CancellationToken cancellationToken)
    {
        if (!DkimTagList.TryParse(signature.Value, out var tags))
            return Check(DkimResults.PermError, ("", null, null, null), "signature syntax error");
        var described = DkimSignatureFields.Describe(tags);
        var fields = DkimSignatureFields.Parse(tags, options, time.GetUtcNow(), out var fieldError);
        if (fields is null) return Check(DkimResults.PermError, described, fieldError);
        if (DkimCrypto.FromBase64(fields.Signature) is not { } signatureBytes) return Check(DkimResults.PermError, described, "b= is not base64");

        var lookup = await keys.LookupAsync(fields.Domain, fields.Selector, cancellationToken).ConfigureAwait(false);
        if (lookup.Key is not { } key) return Check(lookup.ErrorResult!, described, lookup.Reason);
        if (KeyMismatch(fields, key) is { } mismatch) return Check(DkimResults.PermError, described, mismatch);

        var bodyHash = DkimBodyHash.Compute(message, fields.Algorithm, fields.RelaxedBody, fields.BodyLength);
        if (bodyHash is null) return Check(DkimResults.Fail, described, "l= is longer than the body");
        if (bodyHash != fields.BodyHash) return Check(DkimResults.Fail, described, "body hash did not verify");

        var data = DkimCrypto.SignedHeaderData(message.Headers, fields.SignedHeaders, signature.Field, fields.RelaxedHeaders);
        bool valid;
        try
        {
            valid = DkimCrypto.Verify(fields.Algorithm, key.PublicKey, data, signatureBytes);
        }
        catch (Exception e) when (e is Org.BouncyCastle.Crypto.CryptoException or ArgumentException or InvalidOperationException)
        {
            // A signature the crypto library cannot even process (wrong length, bad encoding) is a bad signature.
            valid = false;
        }
        if (!valid) return Check(DkimResults.Fail, described, "signature did not verify");
        var passed = Check(DkimResults.Pass, described, null);
        return passed with { Verdict = passed.Verdict with { SignedHeaders = fields.SignedHeaders } };
    }

    private string? KeyMismatch(DkimSignatureFields fields, DkimKeyRecord key)
    {
        if (key.KeyType != fields.KeyType) return $"key type {key.KeyType} does not match a={fields.Algorithm}";
        if (!key.AllowsHash(fields.Hash)) return $"key does not allow {fields.Hash}";
        if (!key.AllowsEmail) return "key is not for email (s=)";
        if (key.KeyType == "rsa" && key.KeyBits < options.MinimumRsaKeyBits) return $"RSA key of {key.KeyBits} bits is too short";
        if (key.RequiresSameDomain && !fields.Identity[(fields.Identity.LastIndexOf('@') + 1)..].Equals(fields.Domain, StringComparison.OrdinalIgnoreCase))
            return "key requires i= domain equal to d= (t=s)";
        return null;
    }

    private static DkimSignatureCheck Check(string result, (string Domain, string? Selector, string? Algorithm, string? Signature) d, string? reason) =>
        new(new DkimVerdict(result, d.Domain, d.Selector, d.Algorithm, reason),
            d.Signature is { Length: > 0 } b ? b[..Math.Min(SignaturePrefixLength, b.Length)] : null);
}
