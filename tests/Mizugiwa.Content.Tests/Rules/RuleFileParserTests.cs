using System.Text.RegularExpressions;
using Mizugiwa.Content.Rules;

namespace Mizugiwa.Content.Tests.Rules;

public sealed class RuleFileParserTests
{
    [Fact]
    public void Every_rule_kind_parses_with_its_parts()
    {
        const string text = """
            # a comment, then a blank line

            header SUBJECT_VIAGRA Subject =~ /v[i1]agra/i score 2.5 describe "Pills \"now\""
              body   BODY_CASINO /online casino/i score 1.5   # trailing comment
            rawbody RAW_BASE64_EXE /TVqQAAMAAAAEAAAA/ score 3
            uri    URI_SHORTENER /^https?:\/\/(bit\.ly|tinyurl\.com)\//i score 0.8
            header FROM_NUMERIC From:addr =~ /^\d+@/ score 1
            header FROM_NAME_BANK From:name =~ /bank/ims score -0.5
            header NO_DATE Date !~ /./ score 1
            header ALL_X ALL =~ /^X-Spam: yes/m score 1
            body   NOT_HELLO !~ /hello/x score 0.5
            """;
        var rules = RuleFileParser.Parse(text, "test.rules");

        Assert.Equal(["SUBJECT_VIAGRA", "BODY_CASINO", "RAW_BASE64_EXE", "URI_SHORTENER", "FROM_NUMERIC", "FROM_NAME_BANK", "NO_DATE", "ALL_X", "NOT_HELLO"],
            rules.Select(r => r.Name));
        var viagra = rules[0];
        Assert.Equal((RuleKind.Header, "Subject", 2.5, "Pills \"now\"", false), (viagra.Kind, viagra.Selector!.ToString(), viagra.Score, viagra.Description, viagra.Negated));
        Assert.Equal("test.rules:3", viagra.Source);
        Assert.True(viagra.Pattern.Options.HasFlag(RegexOptions.IgnoreCase));
        Assert.Equal(TimeSpan.FromMilliseconds(100), viagra.Pattern.MatchTimeout);
        Assert.Equal((RuleKind.Body, 1.5), (rules[1].Kind, rules[1].Score));
        Assert.Equal("test.rules:4", rules[1].Source);
        Assert.Equal((RuleKind.RawBody, 3.0, (string?)null), (rules[2].Kind, rules[2].Score, rules[2].Description));
        Assert.Equal(@"^https?:\/\/(bit\.ly|tinyurl\.com)\/", rules[3].Pattern.ToString());
        Assert.Equal((RuleKind.Uri, "From:addr", "From:name"), (rules[3].Kind, rules[4].Selector!.ToString(), rules[5].Selector!.ToString()));
        Assert.Equal(RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.Singleline | RegexOptions.CultureInvariant | RegexOptions.Compiled, rules[5].Pattern.Options);
        Assert.Equal(-0.5, rules[5].Score);
        Assert.True(rules[6].Negated);
        Assert.Same(HeaderSelector.All, rules[7].Selector);
        Assert.True(rules[8].Negated);
        Assert.True(rules[8].Pattern.Options.HasFlag(RegexOptions.IgnorePatternWhitespace));
    }

    [Fact]
    public void The_match_timeout_can_be_chosen() =>
        Assert.Equal(TimeSpan.FromMilliseconds(5), RuleFileParser.Parse("body A /a/ score 1", "t", TimeSpan.FromMilliseconds(5))[0].Pattern.MatchTimeout);

    [Theory]
    [InlineData("bodyy X /a/ score 1", "unknown rule kind 'bodyy'")]
    [InlineData("body lower_case /a/ score 1", "rule name 'lower_case' must be UPPER_CASE")]
    [InlineData("body", "expected a rule name")]
    [InlineData("header SUBJ Subject /a/ score 1", "expected =~ or !~ after Subject")]
    [InlineData("header SUBJ Subject =~", "expected a /regex/")]
    [InlineData("header SUBJ Sub:ject:x =~ /a/ score 1", "unknown header part ':ject:x'")]
    [InlineData("header SUBJ Bad\u00e9Name =~ /a/ score 1", "is not a header field name")]
    [InlineData("body X /a/b/ score 1", "unexpected '/' after /regex/")]
    [InlineData("body X /abc score 1", "unterminated /regex/")]
    [InlineData("body X /a/q score 1", "unknown regex flag 'q'")]
    [InlineData("body X /(a/ score 1", "bad regex /(a/")]
    [InlineData("body X /a/", "rule X has no score")]
    [InlineData("body X /a/ score lots", "score 'lots' is not a number")]
    [InlineData("body X /a/ score 1 score 2", "score given twice")]
    [InlineData("body X /a/ score 1 describe oops", "expected \"quoted text\"")]
    [InlineData("body X /a/ score 1 describe \"open", "unterminated \"quoted text\"")]
    [InlineData("body X /a/ score 1 because", "unexpected 'because'")]
    [InlineData("body X words /a/ score 1", "expected a /regex/, found 'words'")]
    public void Errors_name_the_file_the_line_and_the_problem(string badLine, string problem)
    {
        var text = $"# rules\nbody GOOD /fine/ score 1\n\n{badLine}\nbody LATER /x/ score 1\n";
        var error = Assert.Throws<RuleFileException>(() => RuleFileParser.Parse(text, "/etc/mizugiwa/local.rules"));
        Assert.Equal(("/etc/mizugiwa/local.rules", 4), (error.File, error.Line));
        Assert.StartsWith("/etc/mizugiwa/local.rules:4: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_defined_twice_names_both_lines()
    {
        var error = Assert.Throws<RuleFileException>(() => RuleFileParser.Parse("body A /a/ score 1\r\nbody B /b/ score 1\r\nbody A /c/ score 1", "x.rules"));
        Assert.Equal("x.rules:3: rule A is already defined on line 1", error.Message);
    }

    [Fact]
    public void Combined_files_may_not_define_a_name_twice()
    {
        var first = RuleSet.Parse("body A /a/ score 1", "one.rules");
        var second = RuleSet.Parse("\nbody A /b/ score 1", "two.rules");
        var error = Assert.Throws<RuleFileException>(() => RuleSet.Combine(first, second));
        Assert.Equal("two.rules:2: rule A is already defined at one.rules:1", error.Message);
        Assert.Equal(2, RuleSet.Combine(first, RuleSet.Parse("body B /b/ score 1", "three.rules")).Rules.Count);
    }

    [Fact]
    public void A_rule_file_loads_from_disk_with_its_path_in_errors()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mizugiwa-{Guid.NewGuid():N}.rules");
        try
        {
            File.WriteAllText(path, "body OK /ok/ score 1\nbody BAD /ok/ score\n");
            var error = Assert.Throws<RuleFileException>(() => RuleSet.Load(path));
            Assert.Equal($"{path}:2: expected a number after score", error.Message);
            File.WriteAllText(path, "body OK /ok/ score 1\n");
            Assert.Equal("OK", Assert.Single(RuleSet.Load(path).Rules).Name);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_examples_in_docs_rules_md_parse()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory!.FullName, "docs", "RULES.md"))) directory = directory.Parent;
        var doc = File.ReadAllText(Path.Combine(directory.FullName, "docs", "RULES.md"));
        var start = doc.IndexOf("Examples:\n\n```\n", StringComparison.Ordinal) + "Examples:\n\n```\n".Length;
        var examples = doc[start..doc.IndexOf("```", start, StringComparison.Ordinal)];
        Assert.Equal(7, RuleFileParser.Parse(examples, "RULES.md").Count);
    }
}
