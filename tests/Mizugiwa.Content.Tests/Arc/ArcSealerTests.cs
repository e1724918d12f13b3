using System.Text;
using Mizugiwa.Content.Arc;
using Mizugiwa.Content.Dkim;
using Mizugiwa.Content.Tests.Dkim.Support;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Mizugiwa.Content.Tests.Arc;

public sealed class ArcSealerTests
{
    private const string Message = "From: a@example.org\r\nTo: b@example.net\r\nSubject: hello\r\n\r\nHello,\r\nworld.\r\n";

    private static (ArcSealerOptions Options, ArcChainVerifier Verifier) Ed25519Sealer(string domain)
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        var publicKey = Convert.ToBase64String(((Ed25519PublicKeyParameters)pair.Public).GetEncoded());
        var dns = new SuiteDnsResolver().Txt($"arc._domainkey.{domain}", $"v=DKIM1; k=ed25519; p={publicKey}");
        var options = new ArcSealerOptions(domain, "arc", pair.Private, ["from", "to", "subject"], $"mx.{domain}") { Algorithm = "ed25519-sha256" };
        return (options, new ArcChainVerifier(new DnsDkimPublicKeyLocator(dns)));
    }

    private static string Prepend(ArcSealFields set, string message) =>
        $"{set.Seal}\r\n{set.MessageSignature}\r\n{set.AuthenticationResults}\r\n{message}";

    [Fact]
    public async Task Two_hops_seal_and_the_chain_validates_until_the_body_changes()
    {
        var (first, verifier) = Ed25519Sealer("list.example");
        var hop1 = ArcSealer.Seal(RawMessage.Parse(Encoding.ASCII.GetBytes(Message)), "none", ["spf=pass smtp.mailfrom=example.org"], first, 1_700_000_000)!;
        var afterHop1 = Prepend(hop1, Message);

        var second = first with { AuthservId = "mx2.list.example" };
        var chain = await verifier.VerifyAsync(RawMessage.Parse(Encoding.ASCII.GetBytes(afterHop1)), CancellationToken.None);
        Assert.Equal("pass", chain.Result);
        var hop2 = ArcSealer.Seal(RawMessage.Parse(Encoding.ASCII.GetBytes(afterHop1)), chain.Result, ["arc=pass"], second, 1_700_000_100)!;
        var afterHop2 = Prepend(hop2, afterHop1);

        Assert.Equal(new ArcVerdict("pass", 2), await verifier.VerifyAsync(RawMessage.Parse(Encoding.ASCII.GetBytes(afterHop2)), CancellationToken.None));
        Assert.StartsWith("ARC-Seal: a=ed25519-sha256; b=", hop2.Seal, StringComparison.Ordinal);
        Assert.Contains("cv=pass; d=list.example; i=2; s=arc; t=1700000100", hop2.Seal.Replace("\r\n\t", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("ARC-Authentication-Results: i=2; mx2.list.example; arc=pass", hop2.AuthenticationResults);

        var tampered = afterHop2.Replace("world.", "world!", StringComparison.Ordinal);
        var verdict = await verifier.VerifyAsync(RawMessage.Parse(Encoding.ASCII.GetBytes(tampered)), CancellationToken.None);
        Assert.Equal(("fail", "ARC-Message-Signature i=2: body hash did not verify"), (verdict.Result, verdict.Reason));
    }

    [Fact]
    public void A_chain_whose_newest_seal_failed_gets_no_new_set()
    {
        var (options, _) = Ed25519Sealer("list.example");
        var failed = "ARC-Seal: i=1; a=ed25519-sha256; cv=fail; d=x.example; s=s; b=AAAA\r\n" + Message;

        Assert.Null(ArcSealer.Seal(RawMessage.Parse(Encoding.ASCII.GetBytes(failed)), "fail", [], options, 1));
    }

    [Fact]
    public void Unknown_chain_status_is_refused()
    {
        var (options, _) = Ed25519Sealer("list.example");

        var e = Assert.Throws<ArgumentException>(() => ArcSealer.Seal(RawMessage.Parse(Encoding.ASCII.GetBytes(Message)), "neutral", [], options, 1));
        Assert.Contains("none, pass or fail", e.Message, StringComparison.Ordinal);
    }
}
