using System.Text;
using Mizugiwa.Content.Dkim;
using Mizugiwa.Content.Tests.Dkim.Support;

namespace Mizugiwa.Content.Tests.Dkim;

/// <summary>The analyzer's verdicts, A-R entries and symbols, on the RFC 8463 example (see DkimpyTestdataConformanceTests).</summary>
public sealed class DkimAnalyzerTests
{
    private const string RsaKeyName = "test._domainkey.football.example.com";
    private const string Ed25519KeyName = "brisbane._domainkey.football.example.com";

    private static byte[] SignedMessage => File.ReadAllBytes(Path.Combine(ConformanceFiles.Folder("dkim-dkimpy-testdata"), "rfc6376.signed.msg"));

    private static string RsaKey => File.ReadAllText(Path.Combine(ConformanceFiles.Folder("dkim-dkimpy-testdata"), "test.txt")).Trim();

    [Fact]
    public async Task Unsigned_message_is_dkim_none()
    {
        var report = await DkimTestKit.RunAsync(DkimTestKit.Analyzer(new SuiteDnsResolver()), Encoding.ASCII.GetBytes("From: a@example.com\r\nSubject: x\r\n\r\nhi\r\n"));

        Assert.Empty(report.Dkim);
        Assert.Equal(("dkim", "none"), (report.AuthResults.Single().Method, report.AuthResults.Single().Result));
        Assert.Equal(DkimAnalyzer.NoSignature, Assert.Single(report.Symbols).Name);
    }

    [Fact]
    public async Task Temporary_dns_failure_is_temperror()
    {
        var dns = new SuiteDnsResolver().TemporaryFailure(Ed25519KeyName, "SERVFAIL").Txt(RsaKeyName, RsaKey);

        var report = await DkimTestKit.RunAsync(DkimTestKit.Analyzer(dns), SignedMessage);

        Assert.Equal(["temperror", "pass"], report.Dkim.Select(v => v.Result));
        Assert.Equal([DkimAnalyzer.Valid, DkimAnalyzer.TempError], report.Symbols.Select(s => s.Name));
    }

    [Fact]
    public async Task Each_signature_gets_an_auth_result_entry_with_d_s_a_and_b()
    {
        var dns = new SuiteDnsResolver().Txt(RsaKeyName, RsaKey).Txt(Ed25519KeyName, "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=");

        var report = await DkimTestKit.RunAsync(DkimTestKit.Analyzer(dns), SignedMessage);

        var first = report.AuthResults[0];
        Assert.Equal(("dkim", "pass"), (first.Method, first.Result));
        Assert.Equal([new("header.d", "football.example.com"), new("header.s", "brisbane"), new("header.a", "ed25519-sha256"), new("header.b", "9/dsDChY")],
            first.Properties);
        Assert.Equal(2, report.AuthResults.Count);
    }

    [Fact]
    public async Task Short_rsa_keys_are_refused_by_default()
    {
        // The same message, its rsa-sha256 signature checked against a 512-bit key (the Mail::DKIM corpus has them).
        var dns = new SuiteDnsResolver().Txt(Ed25519KeyName, "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
            .Txt(RsaKeyName, "v=DKIM1; p=MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBALgSoqXVSEmfcIsOzw7oRuCCOwsmtX/SJnTWxYyj2leFxfS/AVJ+dYfY+hXqMsT7l+MZvvh/R1WzN4MO/kI/7XsCAwEAAQ==");

        var report = await DkimTestKit.RunAsync(DkimTestKit.Analyzer(dns), SignedMessage);

        Assert.Equal(("permerror", "RSA key of 512 bits is too short"), (report.Dkim[1].Result, report.Dkim[1].Reason));
    }

    [Fact]
    public async Task Expired_signature_is_permerror_by_the_clock()
    {
        var raw = Encoding.ASCII.GetString(SignedMessage).Replace("t=1518460054;", "t=1518460054; x=1518460100;", StringComparison.Ordinal);
        var dns = new SuiteDnsResolver().Txt(RsaKeyName, RsaKey).Txt(Ed25519KeyName, "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=");
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1518460200));

        var report = await DkimTestKit.RunAsync(DkimTestKit.Analyzer(dns, time: time), Encoding.ASCII.GetBytes(raw));

        Assert.Equal(("permerror", "signature expired"), (report.Dkim[0].Result, report.Dkim[0].Reason));
    }

    [Fact]
    public async Task Only_the_first_signatures_up_to_the_cap_are_verified()
    {
        var dns = new SuiteDnsResolver().Txt(RsaKeyName, RsaKey);

        var report = await DkimTestKit.RunAsync(DkimTestKit.Analyzer(dns, new DkimVerifierOptions { MaxSignatures = 1 }), SignedMessage);

        Assert.Equal("brisbane", Assert.Single(report.Dkim).Selector);
    }
}
