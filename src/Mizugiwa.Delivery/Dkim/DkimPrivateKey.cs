using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.X509;

namespace Mizugiwa.Delivery.Dkim;

/// <summary>A signing key read from PEM (PKCS#8 "PRIVATE KEY", or PKCS#1 "RSA PRIVATE KEY" as made by opendkim-genkey).</summary>
public sealed class DkimPrivateKey
{
    private DkimPrivateKey(AsymmetricKeyParameter key, DkimAlgorithm algorithm, byte[] publicKey) =>
        (Key, Algorithm, PublicKey) = (key, algorithm, publicKey);

    /// <summary>The private key as MimeKit's signer takes it.</summary>
    public AsymmetricKeyParameter Key { get; }

    public DkimAlgorithm Algorithm { get; }

    /// <summary>
    /// The p= value of the DNS record, decoded: the SubjectPublicKeyInfo (DER) for RSA, the 32 raw
    /// key bytes for Ed25519 (RFC 8463 §4).
    /// </summary>
    public byte[] PublicKey { get; }

    /// <summary>Key size in bits (RSA modulus, or 256 for Ed25519).</summary>
    public int Bits => Key is RsaKeyParameters rsa ? rsa.Modulus.BitLength : 256;

    public static DkimPrivateKey FromPem(string pem)
    {
        object? read;
        try
        {
            using var reader = new StringReader(pem);
            read = new PemReader(reader).ReadObject();
        }
        catch (Exception e) when (e is IOException or PemException or InvalidCastException or ArgumentException)
        {
            throw new DkimKeyException($"not a PEM private key: {e.Message}");
        }
        var key = read switch
        {
            AsymmetricCipherKeyPair pair => pair.Private,
            AsymmetricKeyParameter { IsPrivate: true } single => single,
            _ => throw new DkimKeyException("the PEM text holds no private key"),
        };
        return key switch
        {
            RsaPrivateCrtKeyParameters rsa => new DkimPrivateKey(rsa, DkimAlgorithm.Rsa,
                SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(new RsaKeyParameters(false, rsa.Modulus, rsa.PublicExponent)).GetDerEncoded()),
            Ed25519PrivateKeyParameters ed => new DkimPrivateKey(ed, DkimAlgorithm.Ed25519, ed.GeneratePublicKey().GetEncoded()),
            _ => throw new DkimKeyException($"unsupported key type {key.GetType().Name}: only RSA and Ed25519 keys sign DKIM"),
        };
    }

    public static DkimPrivateKey FromFile(string path) => FromPem(File.ReadAllText(path));
}
