using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace Mizugiwa.Delivery.Dkim;

/// <summary>Makes new signing keys as PKCS#8 PEM text.</summary>
public static class DkimKeyGenerator
{
    public const int RsaBits = 2048;

    public static string GeneratePem(DkimAlgorithm algorithm) => algorithm switch
    {
        DkimAlgorithm.Rsa => GenerateRsa(),
        DkimAlgorithm.Ed25519 => GenerateEd25519(),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    private static string GenerateRsa()
    {
        using var rsa = RSA.Create(RsaBits);
        return rsa.ExportPkcs8PrivateKeyPem() + "\n";
    }

    private static string GenerateEd25519()
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        var der = PrivateKeyInfoFactory.CreatePrivateKeyInfo(pair.Private).GetDerEncoded();
        return PemEncoding.WriteString("PRIVATE KEY", der) + "\n";
    }
}
