using System.Security.Cryptography;
using System.Text;
using Mizugiwa.Delivery.Dkim;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Mizugiwa.Delivery.Tests.Dkim;

public sealed class DkimDnsRecordTests : IDisposable
{
    private static readonly byte[] Data = Encoding.ASCII.GetBytes("proof of possession");

    private readonly DkimFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Rsa_record_is_split_into_strings_of_at_most_255_characters_and_p_is_the_key_files_public_key()
    {
        var key = _fixture.Store.Generate("example.com", "mail", DkimAlgorithm.Rsa);

        var line = key.ZoneLine!;
        Assert.StartsWith("mail._domainkey.example.com. IN TXT \"v=DKIM1; k=rsa; p=", line);
        var strings = line[(line.IndexOf('"', StringComparison.Ordinal))..].Split('"').Where((_, i) => i % 2 == 1).ToList();
        Assert.Equal(2, strings.Count); // a 2048-bit key's record is about 410 characters
        Assert.Equal(255, strings[0].Length);
        Assert.All(strings, s => Assert.InRange(s.Length, 1, 255));

        var record = RecordKeyLocator.FromZoneLine(line);
        Assert.Equal("mail._domainkey.example.com", record.Key);
        var p = Convert.FromBase64String(DkimVerification.Tag(record.Value, "p")!);
        using var published = RSA.Create();
        published.ImportSubjectPublicKeyInfo(p, out _);
        Assert.Equal(2048, published.KeySize);
        using var secret = RSA.Create();
        secret.ImportFromPem(File.ReadAllText(key.Path));
        var signature = secret.SignData(Data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Assert.True(published.VerifyData(Data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void Ed25519_record_has_k_ed25519_and_the_raw_32_byte_public_key()
    {
        var key = _fixture.Store.Generate("example.com", "ed", DkimAlgorithm.Ed25519);

        var record = RecordKeyLocator.FromZoneLine(key.ZoneLine!);
        Assert.Equal("v=DKIM1", record.Value.Split(';')[0]);
        Assert.Equal("ed25519", DkimVerification.Tag(record.Value, "k"));
        var p = Convert.FromBase64String(DkimVerification.Tag(record.Value, "p")!);
        Assert.Equal(32, p.Length);

        var signer = new Ed25519Signer();
        signer.Init(true, (Ed25519PrivateKeyParameters)DkimPrivateKey.FromFile(key.Path).Key);
        signer.BlockUpdate(Data, 0, Data.Length);
        var signature = signer.GenerateSignature();
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(p));
        verifier.BlockUpdate(Data, 0, Data.Length);
        Assert.True(verifier.VerifySignature(signature));
    }

    [Fact]
    public void Short_values_stay_one_string()
    {
        Assert.Equal(["abc"], DkimDnsRecord.Split("abc"));
        Assert.Equal([new string('a', 255), "b"], DkimDnsRecord.Split(new string('a', 255) + "b"));
    }
}
