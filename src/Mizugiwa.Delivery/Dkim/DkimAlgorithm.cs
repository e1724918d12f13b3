using MimeKit.Cryptography;

namespace Mizugiwa.Delivery.Dkim;

/// <summary>The key types we sign with: rsa-sha256 (2048-bit keys) and ed25519-sha256 (RFC 8463).</summary>
public enum DkimAlgorithm
{
    Rsa,
    Ed25519,
}

public static class DkimAlgorithms
{
    /// <summary>The name used on the command line, in the index and as the record's k= tag.</summary>
    public static string Name(this DkimAlgorithm algorithm) => algorithm switch
    {
        DkimAlgorithm.Rsa => "rsa",
        DkimAlgorithm.Ed25519 => "ed25519",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>The a= tag of signatures made with this key type.</summary>
    public static string SignatureName(this DkimAlgorithm algorithm) => algorithm.Name() + "-sha256";

    public static DkimSignatureAlgorithm ToMimeKit(this DkimAlgorithm algorithm) => algorithm switch
    {
        DkimAlgorithm.Rsa => DkimSignatureAlgorithm.RsaSha256,
        DkimAlgorithm.Ed25519 => DkimSignatureAlgorithm.Ed25519Sha256,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    public static bool TryParse(string text, out DkimAlgorithm algorithm)
    {
        switch (text.ToLowerInvariant())
        {
            case "rsa" or "rsa-sha256": algorithm = DkimAlgorithm.Rsa; return true;
            case "ed25519" or "ed25519-sha256": algorithm = DkimAlgorithm.Ed25519; return true;
            default: algorithm = default; return false;
        }
    }
}
