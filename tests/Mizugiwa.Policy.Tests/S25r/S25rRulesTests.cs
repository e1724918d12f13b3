using Mizugiwa.Policy.S25r;

namespace Mizugiwa.Policy.Tests.S25r;

public sealed class S25rRulesTests
{
    private static S25rRules Load(string text) => S25rRules.Load(new StringReader(text), "test.rules");

    [Fact]
    public void Default_set_has_rules_0_to_6_and_no_exceptions()
    {
        Assert.Equal(["rule0", "rule1", "rule2", "rule3", "rule4", "rule5", "rule6"], S25rRules.Default.Rules.Select(r => r.Name));
        Assert.Empty(S25rRules.Default.Exceptions);
        Assert.StartsWith("default-s25r.rules:", S25rRules.Default.Rules[0].Origin, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("unknown")]
    [InlineData("UNKNOWN")]
    public void A_client_without_a_confirmed_name_matches_rule_0(string? name) =>
        Assert.Equal(new S25rResult(true, "rule0", false, null), S25rRules.Default.Match(name));

    [Theory]
    [InlineData("mail.example.com")]
    [InlineData("mx1.example.co.jp")]
    [InlineData("smtp.example.org.")]
    public void Plain_mail_server_names_do_not_match(string name) =>
        Assert.Equal(S25rResult.NoMatch, S25rRules.Default.Match(name));

    [Theory]
    [InlineData("p1234-ipad56.example.net", "rule1")]
    [InlineData("P1234-IPAD56.EXAMPLE.NET.", "rule1")]
    [InlineData("host12345.example.net", "rule2")]
    [InlineData("ppp42.example.net", "rule6")]
    [InlineData("adsl-x9.example.net", "rule6")]
    public void Dynamic_names_match_the_first_applicable_rule(string name, string rule) =>
        Assert.Equal(rule, S25rRules.Default.Match(name).Rule);

    [Fact]
    public void Comments_blank_lines_flags_and_exceptions_are_read()
    {
        var rules = Load("""
            # a comment

               dyn	/^dyn-[0-9]+\./i
            !ours  /\.ours\.example$/
            """);
        Assert.Equal("dyn", Assert.Single(rules.Rules).Name);
        var exception = Assert.Single(rules.Exceptions);
        Assert.True(exception.IsException);
        Assert.Equal("test.rules:4", exception.Origin);
        Assert.Equal(new S25rResult(true, "dyn", false, null), rules.Match("DYN-12.isp.example"));
        Assert.Equal(new S25rResult(true, "dyn", true, "ours"), rules.Match("dyn-12.ours.example"));
        Assert.Equal(S25rResult.NoMatch, rules.Match("mail.ours.example"));
    }

    [Fact]
    public void A_regex_may_contain_slashes()
    {
        var rules = Load("odd /^a/b$/");
        Assert.True(rules.Match("a/b").Matched);
    }

    [Theory]
    [InlineData("rule1", 1, "expected 'name /regex/flags'")]
    [InlineData("# ok\nrule1 ^abc$", 2, "between slashes")]
    [InlineData("rule1 /abc", 1, "no closing '/'")]
    [InlineData("rule1 //", 1, "is empty")]
    [InlineData("rule1 /abc/x", 1, "unknown flag 'x'")]
    [InlineData("\n\nrule1 /([a-z/", 3, "is not valid")]
    [InlineData("rule1 /(a)\\1/", 1, "needs backtracking")]
    [InlineData("rule1 /(?=a)b/", 1, "needs backtracking")]
    [InlineData("ru le /a/", 1, "between slashes")]
    [InlineData("r@le /a/", 1, "bad name 'r@le'")]
    [InlineData("! /a/", 1, "bad name ''")]
    [InlineData("a /x/\nb /y/\na /z/", 3, "'a' is already defined on line 1")]
    public void Bad_lines_are_reported_with_line_number_and_reason(string text, int line, string reason)
    {
        var error = Assert.Throws<S25rRuleFormatException>(() => Load(text));
        Assert.Equal(line, error.LineNumber);
        Assert.Equal("test.rules", error.SourceName);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"test.rules line {line}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_and_an_exception_may_share_a_name()
    {
        var rules = Load("x /a/\n!x /ab/");
        Assert.Equal(new S25rResult(true, "x", true, "x"), rules.Match("ab"));
    }

    [Fact]
    public void Combine_appends_new_entries_and_replaces_same_named_ones_in_place()
    {
        var admin = Load("""
            rule2  /^[^.]*[0-9]{6}/
            cable  /^cable-/
            !partner /\.partner\.example$/
            """);
        var rules = S25rRules.Combine(S25rRules.Default, admin);
        Assert.Equal(["rule0", "rule1", "rule2", "rule3", "rule4", "rule5", "rule6", "cable"], rules.Rules.Select(r => r.Name));
        Assert.Equal("test.rules:1", rules.Rules[2].Origin);
        Assert.False(rules.Match("host12345.example.net").Matched);
        Assert.Equal("rule2", rules.Match("host123456.example.net").Rule);
        Assert.Equal("cable", rules.Match("cable-abc.isp.example").Rule);
        Assert.Equal(new S25rResult(true, "rule1", true, "partner"), rules.Match("mx1-2.partner.example"));
        Assert.Equal(7, S25rRules.Default.Rules.Count);
    }

    [Fact]
    public void LoadFile_names_the_file_in_errors()
    {
        var path = Path.Combine(Path.GetTempPath(), $"s25r-{Guid.NewGuid():N}.rules");
        File.WriteAllText(path, "good /a/\nbad\n");
        try
        {
            var error = Assert.Throws<S25rRuleFormatException>(() => S25rRules.LoadFile(path));
            Assert.StartsWith($"{path} line 2: ", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Empty_set_matches_nothing() => Assert.Equal(S25rResult.NoMatch, S25rRules.Empty.Match(null));
}
