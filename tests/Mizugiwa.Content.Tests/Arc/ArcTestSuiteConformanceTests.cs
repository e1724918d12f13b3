using System.Text.RegularExpressions;
using Mizugiwa.Content.Arc;
using Mizugiwa.Content.AuthResults;
using Mizugiwa.Content.Dkim;
using Mizugiwa.Content.Tests.Dkim.Support;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.OpenSsl;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace Mizugiwa.Content.Tests.Arc;

/// <summary>
/// The ValiMail ARC suite (shared/conformance/arc-test-suite). Validation: each case's message against its
/// scenario's txt-records; our chain result must equal cv. Signing: each case's message sealed with the
/// scenario's key, t=, sig-headers and srv-id; AS and AMS must equal the expected fields once all white
/// space is removed (so b= is compared octet for octet) and AAR once white space is squashed, the way
/// Mail::DKIM's runner (t/ArcTestSuite.pm) compares them.
/// </summary>
public sealed class ArcTestSuiteConformanceTests(ITestOutputHelper output)
{
    /// <summary>
    /// ams_fields_c_na: an AMS without c= whose signature only verifies as relaxed/relaxed. RFC 8617 §4.1.2:
    /// "The AMS header field has the same syntax and semantics as the DKIM-Signature field [RFC6376]", and
    /// RFC 6376 §3.5 (c=): "Default is "simple/simple"". Under simple/simple the signature does not verify,
    /// so the RFC result is fail, not the suite's pass; <see cref="Ams_without_c_is_simple_simple_as_the_rfc_says"/> asserts that.
    /// </summary>
    private const string AmsWithoutCanonicalization = "ams_fields_c_na";

    [Fact]
    public async Task Validation_cases_match_the_suite()
    {
        int total = 0;
        var mismatches = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, test, verifier, _) in Cases("arc-draft-validation-tests.yml"))
        {
            if (name == AmsWithoutCanonicalization) continue;
            var expected = Scalar(test, "cv")!.Trim().ToLowerInvariant();
            // Three cases (an ARC-Seal with cv=fail) give an empty cv: RFC 8617 §5.2 step 2 makes that chain fail.
            if (expected.Length == 0) expected = "fail";
            total++;
            var verdict = await verifier.VerifyAsync(Parse(Scalar(test, "message") ?? ""), CancellationToken.None);
            if (verdict.Result != expected) mismatches[name] = $"expected {expected}, got {verdict.Result} ({verdict.Reason})";
        }
        foreach (var (name, why) in mismatches) output.WriteLine($"MISMATCH {name}: {why}");
        output.WriteLine($"arc-test-suite validation: {total - mismatches.Count} of {total} cases pass ({AmsWithoutCanonicalization} kept out: RFC 8617 §4.1.2 / RFC 6376 §3.5)");
        Assert.Equal(174, total);
        Assert.Empty(mismatches);
    }

    [Fact]
    public async Task Ams_without_c_is_simple_simple_as_the_rfc_says()
    {
        var (_, test, verifier, _) = Cases("arc-draft-validation-tests.yml").Single(c => c.Name == AmsWithoutCanonicalization);

        var verdict = await verifier.VerifyAsync(Parse(Scalar(test, "message")!), CancellationToken.None);

        Assert.Equal(("fail", "ARC-Message-Signature i=1: signature did not verify"), (verdict.Result, verdict.Reason));
    }

    [Fact]
    public async Task Signing_cases_match_the_suite()
    {
        int total = 0;
        var mismatches = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, test, verifier, scenario) in Cases("arc-draft-sign-tests.yml"))
        {
            total++;
            var message = Parse(Scalar(test, "message")!);
            var srvId = Scalar(test, "srv-id")!;
            var chain = (await verifier.VerifyAsync(message, CancellationToken.None)).Result;
            // The suite stamps the chain's true status into the newest A-R as arc=; ours must agree.
            var results = AuthResultsConsolidation.ResultsOf(message.Headers, srvId);
            if (results.FirstOrDefault(r => r.StartsWith("arc=", StringComparison.Ordinal)) is { } stamped && stamped != $"arc={chain}")
            {
                mismatches[name] = $"our chain validation {chain} differs from the suite's {stamped}";
                continue;
            }
            var options = new ArcSealerOptions(Scalar(scenario, "domain")!, Scalar(scenario, "sel")!, PrivateKey(Scalar(scenario, "privatekey")!),
                Scalar(test, "sig-headers")!.Split(':'), srvId);
            var sealed_ = ArcSealer.Seal(message, chain, results, options, long.Parse(Scalar(test, "t")!, System.Globalization.CultureInfo.InvariantCulture));

            var expectedSeal = Scalar(test, "AS")!.Trim();
            if (expectedSeal.Length == 0)
            {
                if (sealed_ is not null) mismatches[name] = "sealed a chain the suite says must not get another set";
                continue;
            }
            if (sealed_ is null) { mismatches[name] = "did not seal"; continue; }
            var differences = new[]
            {
                Compare("ARC-Seal", NoSpace(ValueOf(sealed_.Seal)), NoSpace(expectedSeal)),
                Compare("ARC-Message-Signature", NoSpace(ValueOf(sealed_.MessageSignature)), NoSpace(Scalar(test, "AMS")!)),
                Compare("ARC-Authentication-Results", Squash(ValueOf(sealed_.AuthenticationResults)), Squash(Scalar(test, "AAR")!)),
            }.Where(d => d is not null).ToList();
            if (differences.Count > 0) mismatches[name] = string.Join(" | ", differences);

            // What we sealed must also validate as a chain.
            var resealed = Parse(sealed_.Seal + "\n" + sealed_.MessageSignature + "\n" + sealed_.AuthenticationResults + "\n" + Scalar(test, "message"));
            var after = await verifier.VerifyAsync(resealed, CancellationToken.None);
            if (chain != "fail" && after.Result != "pass") mismatches[name] = $"our sealed chain does not validate: {after.Reason}";
        }
        foreach (var (name, why) in mismatches) output.WriteLine($"MISMATCH {name}: {why}");
        output.WriteLine($"arc-test-suite signing: {total - mismatches.Count} of {total} cases pass");
        Assert.Equal(17, total);
        Assert.Empty(mismatches);
    }

    private static string? Compare(string what, string actual, string expected) =>
        actual == expected ? null : $"{what}: got {actual}, expected {expected}";

    private static string ValueOf(string field) => field[(field.IndexOf(':', StringComparison.Ordinal) + 1)..];

    /// <summary>Mail::DKIM's sqish: all white space removed, then one space after each semicolon.</summary>
    private static string NoSpace(string value) => Regex.Replace(Regex.Replace(value, @"\s+", ""), ";", "; ");

    /// <summary>Mail::DKIM's sqsh: trimmed, lines joined, white space around semicolons squashed.</summary>
    private static string Squash(string value) => Regex.Replace(Regex.Replace(value.Trim(), @"\r?\n", " "), @"\s*;\s*", "; ");

    private static AsymmetricKeyParameter PrivateKey(string pem)
    {
        using var reader = new StringReader(pem);
        return new PemReader(reader).ReadObject() switch
        {
            AsymmetricCipherKeyPair pair => pair.Private,
            AsymmetricKeyParameter key => key,
            var other => throw new InvalidDataException($"not a private key: {other?.GetType().Name}"),
        };
    }

    private static IEnumerable<(string Name, YamlMappingNode Test, ArcChainVerifier Verifier, YamlMappingNode Scenario)> Cases(string file)
    {
        var path = Path.Combine(ConformanceFiles.Folder("arc-test-suite"), file);
        var yaml = new YamlStream();
        using (var reader = new StringReader(NumberDuplicateCases(EmptyBlocksAsEmptyStrings(File.ReadAllText(path))))) yaml.Load(reader);
        foreach (var document in yaml.Documents)
        {
            var root = (YamlMappingNode)document.RootNode;
            var dns = new SuiteDnsResolver();
            if (root.Children.TryGetValue(new YamlScalarNode("txt-records"), out var records))
                foreach (var (name, value) in ((YamlMappingNode)records).Children)
                    dns.Txt(((YamlScalarNode)name).Value!, ((YamlScalarNode)value).Value!);
            var verifier = new ArcChainVerifier(new DnsDkimPublicKeyLocator(dns));
            foreach (var (nameNode, caseNode) in ((YamlMappingNode)root.Children[new YamlScalarNode("tests")]).Children)
                yield return (((YamlScalarNode)nameNode).Value!, (YamlMappingNode)caseNode, verifier, root);
        }
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;

    /// <summary>
    /// Some cases write "cv: |" (or "AS: |" ...) followed by whitespace-only lines, which YAML parsers differ
    /// on (YamlDotNet rejects it, PyYAML reads ""); it is rewritten as "" before loading.
    /// </summary>
    private static string EmptyBlocksAsEmptyStrings(string yaml) =>
        Regex.Replace(yaml, @"^([ \t]+(?:cv|AS|AMS|AAR):)[ \t]*\|[ \t]*\r?\n(?:[ \t]*\r?\n)+", "$1 \"\"\n", RegexOptions.Multiline);

    /// <summary>
    /// Four case names appear twice in one scenario (as_fields_b_*), which YamlDotNet rejects; each
    /// repeat is renamed NAME#2 so both cases run.
    /// </summary>
    private static string NumberDuplicateCases(string yaml)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return Regex.Replace(yaml, @"^(---|  ([A-Za-z0-9_]+):)[ \t]*$", m =>
        {
            if (m.Groups[1].Value == "---") { seen.Clear(); return m.Value; }
            return seen.Add(m.Groups[2].Value) ? m.Value : $"  {m.Groups[2].Value}#2:";
        }, RegexOptions.Multiline);
    }

    private static RawMessage Parse(string text) => RawMessage.Parse(ConformanceFiles.Crlf(text));
}
