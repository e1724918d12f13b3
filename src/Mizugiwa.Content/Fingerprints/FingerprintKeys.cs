namespace Mizugiwa.Content.Fingerprints;

/// <summary>
/// The keys in the state store (docs/FINGERPRINTS.md): "fp:x:&lt;sha256 hex&gt;" an exact fingerprint,
/// "fp:s:&lt;id&gt;" a fuzzy fingerprint's signature, "fp:b:&lt;band&gt;:&lt;band hash&gt;" the ids of the
/// fuzzy fingerprints in one LSH bucket. An id is 16 hex digits: the start of the SHA-256 of the
/// part (exact) or of the MinHash signature (fuzzy).
/// </summary>
internal static class FingerprintKeys
{
    public const string Prefix = "fp:";
    public const string ExactPrefix = "fp:x:";
    public const string SignaturePrefix = "fp:s:";
    public const int IdLength = 16;

    public static string Exact(string sha256Hex) => ExactPrefix + sha256Hex;

    public static string Signature(string id) => SignaturePrefix + id;

    public static string Band(int band, string bandHash) => $"fp:b:{band:D2}:{bandHash}";

    public static string IdOfExact(string sha256Hex) => sha256Hex[..IdLength];

    public static bool IsId(string text) => text.Length == IdLength && text.All(char.IsAsciiHexDigitLower);
}
