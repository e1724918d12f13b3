using Mizugiwa.Content.Dkim;
using Mizugiwa.Content.Tests.Dkim.Support;

namespace Mizugiwa.Content.Tests.Dkim;

/// <summary>
/// dkimpy's fixtures (shared/conformance/dkim-dkimpy-testdata): the RFC 8463 Appendix A known-answer
/// message (one ed25519-sha256 and one rsa-sha256 signature, both must pass), Exim's ed25519 signature,
/// and dkimpy's bad key records,
/// each put in place of the rsa key so that signature must not pass.
/// </summary>
public sealed class DkimpyTestdataConformanceTests
{
    private const string RsaKeyName = "test._domainkey.football.example.com";
    private const string Ed25519KeyName = "brisbane._domainkey.football.example.com";
    private const string Ed25519Key = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

    private static string Folder => ConformanceFiles.Folder("dkim-dkimpy-testdata");

    private static string Record(string file) => File.ReadAllText(Path.Combine(Folder, file)).Trim();

    [Fact]
    public async Task Rfc8463_example_ed25519_and_rsa_signatures_both_pass()
    {
        var dns = new SuiteDnsResolver().Txt(RsaKeyName, Record("test.txt")).Txt(Ed25519KeyName, Ed25519Key);
        var report = await DkimTestKit.RunAsync(DkimTestKit.Analyzer(dns), File.ReadAllBytes(Path.Combine(Folder, "rfc6376.signed.msg")));

        Assert.Collection(report.Dkim,
            v => Assert.Equal(("pass", "ed25519-sha256", "brisbane"), (v.Result, v.Algorithm, v.Selector)),
            v => Assert.Equal(("pass", "rsa-sha256", "test"), (v.Result, v.Algorithm, v.Selector)));
        Assert.Contains(report.Symbols, s => s.Name == DkimAnalyzer.Valid);
    }

    [Fact]
    public async Task Exim_ed25519_signature_passes()
    {
        var dns = new SuiteDnsResolver().Txt("sed._domainkey.test.ex", Record("eximtest.dns"));
        var report = await DkimTestKit.RunAsync(DkimTestKit.Analyzer(dns), File.ReadAllBytes(Path.Combine(Folder, "ed25519test2.msg")));

        Assert.Equal(("pass", "ed25519-sha256", "test.ex"), (Assert.Single(report.Dkim).Result, report.Dkim[0].Algorithm, report.Dkim[0].Domain));
    }

    [Theory]
    [InlineData("badversion.txt", "permerror")]
    [InlineData("badk.txt", "permerror")]
    [InlineData("test_tlsrpt.txt", "permerror")]
    public async Task Bad_key_records_make_the_rsa_signature_a_permerror(string file, string expected)
    {
        var dns = new SuiteDnsResolver().Txt(RsaKeyName, Record(file)).Txt(Ed25519KeyName, Ed25519Key);
        var report = await DkimTestKit.RunAsync(DkimTestKit.Analyzer(dns), File.ReadAllBytes(Path.Combine(Folder, "rfc6376.signed.msg")));

        Assert.Equal(["pass", expected], report.Dkim.Select(v => v.Result));
    }

    [Fact]
    public async Task Truncated_rsa_key_does_not_pass()
    {
        var dns = new SuiteDnsResolver().Txt(RsaKeyName, Record("test_bad.txt")).Txt(Ed25519KeyName, Ed25519Key);
        var report = await DkimTestKit.RunAsync(DkimTestKit.Analyzer(dns), File.ReadAllBytes(Path.Combine(Folder, "rfc6376.signed.msg")));

        Assert.Contains(report.Dkim[1].Result, new[] { "fail", "permerror" });
    }
}
