using Mizugiwa.Policy.S25r;

namespace Mizugiwa.Policy.Tests.S25r;

/// <summary>The default rules against the labelled host names and the whitelist examples in ../shared.</summary>
public sealed class S25rHostnameCaseTests
{
    [Fact]
    public void Every_labelled_hostname_matches_exactly_the_rules_listed()
    {
        var lines = File.ReadAllLines(SharedRuleFiles.HostnameCases).Skip(1).Where(l => l.Trim().Length > 0).ToList();
        Assert.NotEmpty(lines);
        var failures = new List<string>();
        foreach (var line in lines)
        {
            var columns = line.Split('\t');
            var host = columns[0];
            var expected = columns[^1].Trim() == "none" ? [] : columns[^1].Split(',').Select(n => "rule" + n.Trim()).ToArray();
            var actual = S25rRules.Default.MatchingRules(host);
            if (!actual.SequenceEqual(expected))
                failures.Add($"{host}: expected [{string.Join(",", expected)}], got [{string.Join(",", actual)}]");
            var first = S25rRules.Default.Match(host);
            if (first.Matched != (expected.Length > 0) || first.Rule != expected.FirstOrDefault())
                failures.Add($"{host}: Match reported {first}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Whitelist_examples_are_matched_without_exceptions_and_exempted_with_them()
    {
        var cases = WhitelistCases();
        Assert.Equal(7, cases.Count);
        var extra = string.Join("\n", cases.Select((c, i) => $"!whitelist{i} /{c.Regex}/"));
        var rules = S25rRules.Combine(S25rRules.Default, S25rRules.Load(new StringReader(extra), "whitelist"));
        for (int i = 0; i < cases.Count; i++)
        {
            var host = cases[i].Host;
            var plain = S25rRules.Default.Match(host);
            Assert.True(plain.IsSuspect, $"{host} should match a default rule");
            var exempted = rules.Match(host);
            Assert.Equal(new S25rResult(true, plain.Rule, true, $"whitelist{i}"), exempted);
            Assert.False(exempted.IsSuspect);
        }
        Assert.False(rules.Match("p1234-ipad56.example.net").Exempted);
    }

    /// <summary>Each "/regex/ OK" line with the example host named in the comment line before it.</summary>
    private static List<(string Host, string Regex)> WhitelistCases()
    {
        var result = new List<(string, string)>();
        string? host = null;
        foreach (var raw in File.ReadAllLines(SharedRuleFiles.WhitelistExamples))
        {
            var line = raw.Trim();
            if (line.StartsWith("# ", StringComparison.Ordinal) && line.IndexOf(' ', 2) < 0 && line.Contains('.')) host = line[2..];
            else if (line.StartsWith('/') && line.EndsWith(" OK", StringComparison.Ordinal) && host is not null)
            {
                result.Add((host, line[1..line.LastIndexOf('/')]));
                host = null;
            }
        }
        return result;
    }
}
