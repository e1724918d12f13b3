using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Mizugiwa.Content.Dkim;

/// <summary>
/// Hashing and signatures for DKIM and ARC (RFC 6376 §3.3 and §3.7, RFC 8463 for ed25519-sha256,
/// where the Ed25519 input is the SHA-256 hash of the signed header data).
/// </summary>
public static class DkimCrypto
{
    /// <summary>The hash of octets for an a= value ending in -sha256 or -sha1.</summary>
    public static byte[] Hash(string algorithm, ReadOnlySpan<byte> data)
    {
        if (!algorithm.EndsWith("-sha1", StringComparison.Ordinal)) return SHA256.HashData(data);
        // rsa-sha1 is only verified when DkimVerifierOptions.AllowRsaSha1 is set (RFC 8301 §3.1).
#pragma warning disable CA5350
        return SHA1.HashData(data);
#pragma warning restore CA5350
    }

    /// <summary>
    /// The header data a signature covers (§3.7): each field named in <paramref name="signedNames"/>,
    /// taken from the bottom up (a name listed twice takes the next field up; a missing field adds
    /// nothing), canonicalized and ended by CRLF; then the signature field itself with b= emptied and no CRLF.
    /// </summary>
    public static byte[] SignedHeaderData(IReadOnlyList<RawHeaderField> headers, IEnumerable<string> signedNames, string signatureField, bool relaxed)
    {
        var used = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var data = new StringBuilder();
        foreach (var name in signedNames)
        {
            used.TryGetValue(name, out var skip);
            used[name] = skip + 1;
            var field = headers.Where(h => h.Is(name)).Reverse().Skip(skip).FirstOrDefault();
            if (field is null) continue;
            data.Append(DkimCanonicalization.Header(field.Field, relaxed)).Append("\r\n");
        }
        data.Append(DkimCanonicalization.Header(DkimCanonicalization.WithoutSignature(signatureField), relaxed));
        return Encoding.Latin1.GetBytes(data.ToString());
    }

    public static bool Verify(string algorithm, AsymmetricKeyParameter publicKey, byte[] data, byte[] signature)
    {
        var signer = Signer(algorithm, out var prehash);
        signer.Init(false, publicKey);
        var input = prehash ? SHA256.HashData(data) : data;
        signer.BlockUpdate(input, 0, input.Length);
        return signer.VerifySignature(signature);
    }

    public static byte[] Sign(string algorithm, AsymmetricKeyParameter privateKey, byte[] data)
    {
        var signer = Signer(algorithm, out var prehash);
        signer.Init(true, privateKey);
        var input = prehash ? SHA256.HashData(data) : data;
        signer.BlockUpdate(input, 0, input.Length);
        return signer.GenerateSignature();
    }

    private static ISigner Signer(string algorithm, out bool prehash)
    {
        prehash = algorithm == "ed25519-sha256";
        return algorithm switch
        {
            "rsa-sha256" => new RsaDigestSigner(new Sha256Digest()),
            "rsa-sha1" => new RsaDigestSigner(new Sha1Digest()),
            "ed25519-sha256" => new Ed25519Signer(),
            _ => throw new ArgumentException($"algorithm {algorithm} unsupported", nameof(algorithm)),
        };
    }

    /// <summary>Whether the key fits the algorithm (RSA key for rsa-*, Ed25519 key for ed25519-*).</summary>
    public static bool Fits(string algorithm, AsymmetricKeyParameter key) =>
        algorithm.StartsWith("rsa-", StringComparison.Ordinal) ? key is RsaKeyParameters : key is Ed25519PublicKeyParameters or Ed25519PrivateKeyParameters;

    /// <summary>Base64 with folding white space removed, or null when it is not base64.</summary>
    public static byte[]? FromBase64(string value)
    {
        try { return Convert.FromBase64String(value); }
        catch (FormatException) { return null; }
    }
}
