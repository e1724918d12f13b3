using System.Text;
using Mizugiwa.Content.Dkim;
using Mizugiwa.Content.Tests.Dkim.Support;
using Mizugiwa.Policy.Dns;
using Mizugiwa.Policy.Tests.Support;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Mizugiwa.Content.Tests.Dkim;

/// <summary>
/// Real parts: dkimpy signs, the public keys are published in dnsmasq, our DkimAnalyzer verifies through
/// the real DnsResolver. RSA keys are 1024 bits because DnsmasqRecords.TxtRecord writes one character-string
/// (at most 255 octets), and a 2048-bit key record is longer.
/// </summary>
public sealed class DkimAnalyzerDnsmasqTests
{
    private const string Domain = "signer.example";

    private static readonly byte[] Message = Encoding.ASCII.GetBytes(
        "From: Alice <alice@signer.example>\r\nTo: bob@example.test\r\nSubject: dkim real parts\r\n" +
        "Date: Fri, 04 Dec 2026 06:00:00 +0000\r\nMessage-ID: <real-parts@signer.example>\r\n\r\nHello Bob,\r\nthis body is signed.\r\n");

    [Fact]
    public async Task Rsa_and_ed25519_signatures_by_dkimpy_verify_through_dnsmasq()
    {
        var (signed, records) = await SignBothAsync(Message);
        await using var dns = await DnsmasqServer.StartAsync(records);

        var report = await DkimTestKit.RunAsync(DkimTestKit.Analyzer(Resolver(dns)), signed);

        Assert.Equal([("pass", "rsa-sha256", "rsa1"), ("pass", "ed25519-sha256", "ed1")],
            report.Dkim.Select(v => (v.Result, v.Algorithm!, v.Selector!)));
        Assert.Contains(report.Symbols, s => s.Name == DkimAnalyzer.Valid && s.DefaultScore < 0);
        Assert.DoesNotContain(report.Symbols, s => s.Name == DkimAnalyzer.Invalid);
        Assert.All(report.AuthResults, e => Assert.Contains(new KeyValuePair<string, string>("header.d", Domain), e.Properties));
    }

    [Fact]
    public async Task Tampered_body_fails_both_signatures()
    {
        var (signed, records) = await SignBothAsync(Message);
        var tampered = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(signed).Replace("this body is signed", "this body is changed", StringComparison.Ordinal));
        await using var dns = await DnsmasqServer.StartAsync(records);

        var report = await DkimTestKit.RunAsync(DkimTestKit.Analyzer(Resolver(dns)), tampered);

        Assert.Equal(["fail", "fail"], report.Dkim.Select(v => v.Result));
        Assert.Contains(report.Symbols, s => s.Name == DkimAnalyzer.Invalid && s.DefaultScore > 0);
        Assert.DoesNotContain(report.Symbols, s => s.Name == DkimAnalyzer.Valid);
    }

    [Fact]
    public async Task Missing_key_is_permerror_and_revoked_key_is_permerror()
    {
        var (signed, _) = await SignBothAsync(Message);
        // rsa1 has no record at all (NXDOMAIN in the local zone); ed1 is revoked (empty p=).
        await using var dns = await DnsmasqServer.StartAsync(new DnsmasqRecords().TxtRecord($"ed1._domainkey.{Domain}", "v=DKIM1; k=ed25519; p="));

        var report = await DkimTestKit.RunAsync(DkimTestKit.Analyzer(Resolver(dns)), signed);

        Assert.Equal([("permerror", "no key for signature"), ("permerror", "key revoked")], report.Dkim.Select(v => (v.Result, v.Reason!)));
    }

    private static DnsResolver Resolver(DnsmasqServer dns) => new(new DnsResolverOptions { Servers = [dns.Server], Retries = 0 });

    private static async Task<(byte[] Signed, DnsmasqRecords Records)> SignBothAsync(byte[] message)
    {
        var random = new SecureRandom();
        var rsaGenerator = new RsaKeyPairGenerator();
        rsaGenerator.Init(new Org.BouncyCastle.Crypto.KeyGenerationParameters(random, 1024));
        var rsa = rsaGenerator.GenerateKeyPair();
        var pem = new StringWriter();
        new PemWriter(pem).WriteObject(rsa.Private);
        var rsaPublic = Convert.ToBase64String(SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(rsa.Public).GetDerEncoded());

        var ed = new Ed25519PrivateKeyParameters(random);
        var edPublic = Convert.ToBase64String(ed.GeneratePublicKey().GetEncoded());

        var rsaSignature = await Dkimpy.SignAsync(message, "rsa1", Domain, pem.ToString(), "rsa-sha256");
        var edSignature = await Dkimpy.SignAsync(message, "ed1", Domain, Convert.ToBase64String(ed.GetEncoded()), "ed25519-sha256");
        var signed = Encoding.ASCII.GetBytes(rsaSignature + edSignature).Concat(message).ToArray();
        var records = new DnsmasqRecords()
            .TxtRecord($"rsa1._domainkey.{Domain}", $"v=DKIM1; k=rsa; p={rsaPublic}")
            .TxtRecord($"ed1._domainkey.{Domain}", $"v=DKIM1; k=ed25519; p={edPublic}");
        return (signed, records);
    }
}
