namespace Mizugiwa.Content.Dkim;

/// <summary>The body hash (RFC 6376 §3.7): canonical body, cut to l= octets when given, hashed.</summary>
public static class DkimBodyHash
{
    /// <summary>The base64 body hash, or null when l= is longer than the canonical body (§3.4.5: the signature then fails).</summary>
    public static string? Compute(RawMessage message, string algorithm, bool relaxed, long? length)
    {
        var canonical = DkimCanonicalization.Body(message.Body.Span, relaxed);
        if (length is { } l && l > canonical.Length) return null;
        var hashed = length is { } cut ? canonical.AsSpan(0, (int)cut) : canonical;
        return Convert.ToBase64String(DkimCrypto.Hash(algorithm, hashed));
    }
}
