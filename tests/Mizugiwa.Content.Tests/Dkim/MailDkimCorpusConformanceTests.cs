using Mizugiwa.Content.Dkim;
using Mizugiwa.Content.Tests.Dkim.Support;
using Xunit.Abstractions;

namespace Mizugiwa.Content.Tests.Dkim;

/// <summary>
/// The Mail::DKIM verifier corpus (shared/conformance/dkim-mail-dkim-perl): every DKIM message of
/// expected.tsv against FAKE_DNS.dat. DomainKeys (RFC 4870) files and the cases upstream skips are not
/// run. The corpus predates RFC 8301, so it runs with rsa-sha1 and 512-bit keys allowed.
/// Mail::DKIM's pass / fail / invalid map to our pass / fail / permerror|temperror; the overall
/// result is pass if any signature passed, else fail if any failed, else invalid.
/// </summary>
public sealed class MailDkimCorpusConformanceTests(ITestOutputHelper output)
{
    /// <summary>Cases where we knowingly differ from Mail::DKIM, and why.</summary>
    private static readonly Dictionary<string, string> ExpectedFailures = new(StringComparer.Ordinal)
    {
        ["mine_ietf01_1.txt"] = "pre-RFC 4871 draft-01 signature without v= (RFC 6376 §3.5: v= is required)",
        ["mine_ietf01_2.txt"] = "pre-RFC 4871 draft-01 signature without v= (RFC 6376 §3.5: v= is required)",
        ["mine_ietf01_3.txt"] = "pre-RFC 4871 draft-01 signature without v= (RFC 6376 §3.5: v= is required)",
        ["mine_ietf01_4.txt"] = "pre-RFC 4871 draft-01 signature without v= (RFC 6376 §3.5: v= is required)",
        ["good_ietf01_1.txt"] = "pre-RFC 4871 draft-01 signature without v= (RFC 6376 §3.5: v= is required)",
        ["good_ietf01_2.txt"] = "pre-RFC 4871 draft-01 signature without v= (RFC 6376 §3.5: v= is required)",
        ["multiple_1.txt"] = "pre-RFC 4871 draft-01 signature without v= (RFC 6376 §3.5: v= is required)",
        ["bad_ietf01_1.txt"] = "pre-RFC 4871 draft-01 signature without v= (RFC 6376 §3.5: v= is required)",
        ["bad_ietf01_2.txt"] = "pre-RFC 4871 draft-01 signature without v= (RFC 6376 §3.5: v= is required)",
        ["bad_ietf01_3.txt"] = "pre-RFC 4871 draft-01 signature without v= (RFC 6376 §3.5: v= is required)",
        ["bad_1.txt"] = "pre-RFC 4871 draft-01 signature without v= (RFC 6376 §3.5: v= is required)",
        ["mine_ietf05_1.txt"] = "draft-05 signature with v=0.5 (RFC 6376 §3.5: v= must be 1)",
        ["no_body_1.txt"] = "draft-05 signature with v=0.5 (RFC 6376 §3.5: v= must be 1)",
        ["no_body_2.txt"] = "draft-05 signature with v=0.5 (RFC 6376 §3.5: v= must be 1)",
        ["no_body_3.txt"] = "draft-05 signature with v=0.5 (RFC 6376 §3.5: v= must be 1)",
        ["good_qp_2.txt"] = "MimeKit's verifier does not decode dkim-quoted-printable in i= (=2E); rare in practice",
        ["good_qp_3.txt"] = "MimeKit's verifier does not decode dkim-quoted-printable in i= (=40); rare in practice",
        ["badkey_8.txt"] = "key g= tag: RFC 6376 removed g= (RFC 4871 had it); unknown key tags are ignored, so the signature passes",
        ["badkey_9.txt"] = "key g= tag: RFC 6376 removed g= (RFC 4871 had it); unknown key tags are ignored, so the signature passes",
        ["badkey_12.txt"] = "key g= tag: RFC 6376 removed g= (RFC 4871 had it); unknown key tags are ignored, so the signature passes",
        ["badkey_13.txt"] = "key g= tag: RFC 6376 removed g= (RFC 4871 had it); unknown key tags are ignored, so the signature passes",
    };

    [Fact]
    public async Task Corpus_results_match_Mail_DKIM()
    {
        var folder = ConformanceFiles.Folder("dkim-mail-dkim-perl");
        var dns = LoadFakeDns(Path.Combine(folder, "FAKE_DNS.dat"));
        var analyzer = DkimTestKit.Analyzer(dns, new DkimVerifierOptions { AllowRsaSha1 = true, MinimumRsaKeyBits = 512 });

        var cases = File.ReadAllLines(Path.Combine(folder, "expected.tsv")).Skip(1)
            .Select(l => l.Split('\t'))
            .Where(c => c.Length >= 3 && c[2] == "DKIM" && !(c.Length > 3 && c[3].Contains("SKIPPED", StringComparison.Ordinal)))
            .ToList();
        var mismatches = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in cases)
        {
            var report = await DkimTestKit.RunAsync(analyzer, File.ReadAllBytes(Path.Combine(folder, "corpus", c[0])));
            var actual = Overall(report.Dkim);
            if (actual != c[1])
                mismatches[c[0]] = $"expected {c[1]}, got {actual}: {string.Join(" | ", report.Dkim.Select(v => $"{v.Result} {v.Reason}"))}";
        }
        foreach (var (file, why) in mismatches) output.WriteLine($"MISMATCH {file}: {why}");
        var passed = cases.Count - mismatches.Count;
        output.WriteLine($"dkim-mail-dkim-perl: {passed} of {cases.Count} DKIM cases pass ({ExpectedFailures.Count} expected failures)");
        Assert.Equal(ExpectedFailures.Keys.Order(StringComparer.Ordinal), mismatches.Keys.Order(StringComparer.Ordinal));
    }

    private static string Overall(IReadOnlyList<DkimVerdict> verdicts)
    {
        if (verdicts.Count == 0) return "none";
        if (verdicts.Any(v => v.Result == DkimResults.Pass)) return "pass";
        if (verdicts.Any(v => v.Result == DkimResults.Fail)) return "fail";
        return "invalid";
    }

    /// <summary>FAKE_DNS.dat: "name value"; NXDOMAIN = no record, ~~text~~ = a DNS error.</summary>
    private static SuiteDnsResolver LoadFakeDns(string path)
    {
        var dns = new SuiteDnsResolver();
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var space = line.IndexOfAny([' ', '\t']);
            var name = line[..space];
            var value = line[space..].Trim();
            if (value == "NXDOMAIN") dns.NotFound(name);
            else if (value.StartsWith("~~", StringComparison.Ordinal)) dns.TemporaryFailure(name, value.Trim('~'));
            else dns.Txt(name, value == "\"\"" ? "" : value);
        }
        return dns;
    }
}
