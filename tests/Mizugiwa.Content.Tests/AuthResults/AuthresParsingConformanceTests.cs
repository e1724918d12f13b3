using Mizugiwa.Content.AuthResults;
using Mizugiwa.Content.Tests.Dkim.Support;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace Mizugiwa.Content.Tests.AuthResults;

/// <summary>
/// shared/conformance/authres-parsing/authres-cases.yml: RFC 8601 examples, real provider headers and
/// malformed ones. "error" (or a prose note) means the value must be unparseable; lenient entries (real
/// headers that are not RFC 8601) assert only the listed results, in order; strict entries assert every
/// result and its properties, read by the RFC 8601 parser itself.
/// </summary>
public sealed class AuthresParsingConformanceTests(ITestOutputHelper output)
{
    [Fact]
    public void Cases_match_the_file()
    {
        var path = Path.Combine(ConformanceFiles.Folder("authres-parsing"), "authres-cases.yml");
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path)) yaml.Load(reader);
        var cases = (YamlSequenceNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children[new YamlScalarNode("cases")];

        var mismatches = new Dictionary<string, string>(StringComparer.Ordinal);
        int errorCases = 0, errorCasesRejected = 0;
        foreach (YamlMappingNode c in cases.Children.Cast<YamlMappingNode>())
        {
            var id = Scalar(c, "id")!;
            var headers = ((YamlSequenceNode)c.Children[new YamlScalarNode("headers")]).Children.Select(h => ((YamlScalarNode)h).Value!).ToList();
            var parsed = headers.Select(AuthResultsParser.Parse).ToList();
            var expect = c.Children[new YamlScalarNode("expect")];
            if (expect is YamlScalarNode)
            {
                errorCases++;
                if (parsed.All(p => p is null)) errorCasesRejected++;
                else mismatches[id] = "should be unparseable";
                continue;
            }
            var entries = ((YamlSequenceNode)expect).Children.Cast<YamlMappingNode>().ToList();
            for (int i = 0; i < entries.Count; i++)
                if (Compare(entries[i], parsed[i], c) is { } why) { mismatches[id] = $"field {i}: {why}"; break; }
        }
        foreach (var (id, why) in mismatches) output.WriteLine($"MISMATCH {id}: {why}");
        output.WriteLine($"authres-parsing: {cases.Children.Count - mismatches.Count} of {cases.Children.Count} cases pass; {errorCasesRejected} of {errorCases} malformed rejected");
        Assert.Equal(36, cases.Children.Count);
        Assert.Empty(mismatches);
    }

    private static string? Compare(YamlMappingNode expected, ParsedAuthResults? actual, YamlMappingNode @case)
    {
        if (actual is null) return "not parsed";
        if (!actual.AuthservId.Equals(Scalar(expected, "authserv_id"), StringComparison.OrdinalIgnoreCase)) return $"authserv-id {actual.AuthservId}";
        if (Scalar(expected, "version") is { } version && actual.Version?.ToString(System.Globalization.CultureInfo.InvariantCulture) != version) return $"version {actual.Version}";
        var lenient = Scalar(expected, "lenient") == "true" || Scalar(@case, "lenient") == "true";
        // A conformant field must be read by the RFC 8601 parser, not only by the lenient one.
        if (!lenient && actual.Lenient) return "read only by the lenient parser";
        var results = ((YamlSequenceNode)expected.Children[new YamlScalarNode("results")]).Children.Cast<YamlMappingNode>().ToList();
        if (!lenient && results.Count != actual.Results.Count) return $"{actual.Results.Count} results, expected {results.Count}";
        int from = 0;
        foreach (var want in results)
        {
            var index = actual.Results.Skip(from).ToList().FindIndex(r => Matches(want, r, lenient));
            if (index < 0) return $"no result {Scalar(want, "method")}={Scalar(want, "result")}";
            from += index + 1;
        }
        return null;
    }

    private static bool Matches(YamlMappingNode want, AuthResultEntry actual, bool lenient)
    {
        if (actual.Method != Scalar(want, "method") || actual.Result != Scalar(want, "result")) return false;
        if (Scalar(want, "reason") is { } reason && actual.Reason != reason) return false;
        var props = want.Children.TryGetValue(new YamlScalarNode("props"), out var p)
            ? ((YamlMappingNode)p).Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => ((YamlScalarNode)kv.Value).Value!)
            : [];
        foreach (var (key, value) in props)
            if (!actual.Properties.Any(kv => kv.Key.Equals(key, StringComparison.OrdinalIgnoreCase) && kv.Value == value)) return false;
        return lenient || actual.Properties.Count == props.Count;
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;
}
