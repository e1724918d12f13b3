using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Security;

namespace Mizugiwa.Content.Dkim;

/// <summary>
/// A DKIM key record (RFC 6376 §3.6.1; k=ed25519 from RFC 8463): the parsed public key and the
/// restrictions the verifier checks against a signature (h=, s=, t=s).
/// </summary>
public sealed record DkimKeyRecord(
    string KeyType,
    AsymmetricKeyParameter PublicKey,
    int KeyBits,
    IReadOnlyList<string>? HashAlgorithms,
    IReadOnlyList<string> ServiceTypes,
    IReadOnlyList<string> Flags)
{
    public bool IsTesting => Flags.Contains("y");

    /// <summary>t=s: the i= domain must be exactly d=, not a subdomain.</summary>
    public bool RequiresSameDomain => Flags.Contains("s");

    public bool AllowsHash(string hash) => HashAlgorithms is null || HashAlgorithms.Contains(hash);

    public bool AllowsEmail => ServiceTypes.Contains("*") || ServiceTypes.Contains("email");

    /// <summary>Parses the TXT record; on failure <paramref name="error"/> says why (revoked keys are errors too).</summary>
    public static DkimKeyRecord? Parse(string text, out string? error)
    {
        error = null;
        if (!DkimTagList.TryParse(text, out var tags)) return Fail("key record syntax error", out error);
        if (tags["v"] is { } version && version != "DKIM1") return Fail($"key record version {version} unsupported", out error);
        var keyType = tags["k"] ?? "rsa";
        if (keyType is not ("rsa" or "ed25519")) return Fail($"key type {keyType} unsupported", out error);
        var p = tags.Compact("p");
        if (p is null) return Fail("key record has no p= tag", out error);
        if (p.Length == 0) return Fail("key revoked", out error);
        byte[] data;
        try { data = Convert.FromBase64String(p); }
        catch (FormatException) { return Fail("key p= is not base64", out error); }

        AsymmetricKeyParameter? key;
        int bits;
        if (keyType == "ed25519")
        {
            if (data.Length != Ed25519PublicKeyParameters.KeySize) return Fail("ed25519 key has invalid length", out error);
            key = new Ed25519PublicKeyParameters(data);
            bits = 256;
        }
        else
        {
            key = ReadRsaKey(data);
            if (key is not RsaKeyParameters rsa) return Fail("key p= is not an RSA public key", out error);
            bits = rsa.Modulus.BitLength;
        }
        return new DkimKeyRecord(keyType, key, bits,
            tags["h"] is { } h ? List(h) : null,
            tags["s"] is { } s ? List(s) : ["*"],
            tags["t"] is { } t ? List(t) : []);
    }

    private static AsymmetricKeyParameter? ReadRsaKey(byte[] data)
    {
        try
        {
            return PublicKeyFactory.CreateKey(SubjectPublicKeyInfo.GetInstance(Asn1Object.FromByteArray(data)));
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or IOException or SecurityUtilityException or InvalidOperationException)
        {
            try
            {
                // Some publishers put a bare PKCS#1 RSAPublicKey in p= (RFC 6376 §3.6.1 asks for SubjectPublicKeyInfo).
                var rsa = RsaPublicKeyStructure.GetInstance(Asn1Object.FromByteArray(data));
                return new RsaKeyParameters(false, rsa.Modulus, rsa.PublicExponent);
            }
            catch (Exception inner) when (inner is ArgumentException or InvalidCastException or IOException or InvalidOperationException)
            {
                return null;
            }
        }
    }

    private static string[] List(string value) =>
        [.. value.Split(':').Select(v => v.Trim()).Where(v => v.Length > 0)];

    private static DkimKeyRecord? Fail(string reason, out string? error)
    {
        error = reason;
        return null;
    }
}
