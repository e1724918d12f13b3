using Mizugiwa.Delivery.Outbound.MtaSts;

namespace Mizugiwa.Delivery.Tests.Outbound.MtaSts;

/// <summary>The policy file and TXT record grammar of RFC 8461 §3.1-3.2.</summary>
public sealed class MtaStsPolicyParserTests
{
    [Fact]
    public void The_RFC_example_parses_with_CRLF_or_LF()
    {
        foreach (var eol in new[] { "\r\n", "\n" })
        {
            var text = string.Join(eol, "version: STSv1", "mode: enforce", "mx: mail.example.com", "mx: *.example.net", "mx: backupmx.example.com", "max_age: 604800") + eol;
            var policy = MtaStsPolicyParser.Parse(text, out var problem);
            Assert.Null(problem);
            Assert.Equal(MtaStsMode.Enforce, policy!.Mode);
            Assert.Equal(["mail.example.com", "*.example.net", "backupmx.example.com"], policy.MxPatterns);
            Assert.Equal(TimeSpan.FromSeconds(604800), policy.MaxAge);
        }
    }

    [Theory]
    [InlineData("version: STSv1\nmode: testing\nmx: mx.example.com\nmax_age: 86400\n", MtaStsMode.Testing)]
    [InlineData("version: STSv1\nmode: none\nmax_age: 86400\n", MtaStsMode.None)] // none needs no mx
    [InlineData("version:STSv1\nmode:\tenforce\nmx: MX.Example.COM\nmax_age: 0\nextension_key: anything\n", MtaStsMode.Enforce)] // *WSP after ':', unknown keys ignored
    [InlineData("mode: enforce\nmax_age: 86400\nversion: STSv1\nmx: mx.example.com", MtaStsMode.Enforce)] // any order, no final newline
    public void Good_policies_parse(string text, MtaStsMode mode)
    {
        var policy = MtaStsPolicyParser.Parse(text, out var problem);
        Assert.True(policy is not null, problem);
        Assert.Equal(mode, policy.Mode);
        Assert.All(policy.MxPatterns, p => Assert.Equal(p.ToLowerInvariant(), p));
    }

    [Theory]
    [InlineData("mode: enforce\nmx: mx.example.com\nmax_age: 86400\n", "version")]
    [InlineData("version: STSv2\nmode: enforce\nmx: mx.example.com\nmax_age: 86400\n", "version")]
    [InlineData("version: STSv1\nmx: mx.example.com\nmax_age: 86400\n", "no mode")]
    [InlineData("version: STSv1\nmode: Enforce\nmx: mx.example.com\nmax_age: 86400\n", "unknown mode")]
    [InlineData("version: STSv1\nmode: enforce\nmx: mx.example.com\n", "max_age")]
    [InlineData("version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: -1\n", "max_age")]
    [InlineData("version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 12345678901\n", "max_age")]
    [InlineData("version: STSv1\nmode: enforce\nmax_age: 86400\n", "no mx")]
    [InlineData("version: STSv1\nmode: enforce\nmx: mx_1.example.com\nmax_age: 86400\n", "bad mx")]
    [InlineData("version: STSv1\nmode: enforce\nmx: a.*.example.com\nmax_age: 86400\n", "bad mx")]
    [InlineData("version: STSv1\nmode: enforce\nmx: \nmax_age: 86400\n", "bad mx")]
    [InlineData("version: STSv1\nmode enforce\nmx: mx.example.com\nmax_age: 86400\n", "not 'key: value'")]
    [InlineData("<html>not a policy</html>", "not 'key: value'")]
    public void Bad_policies_are_refused_with_a_reason(string text, string reason)
    {
        Assert.Null(MtaStsPolicyParser.Parse(text, out var problem));
        Assert.Contains(reason, problem);
    }

    [Fact]
    public void A_max_age_over_a_year_is_cut_to_a_year()
    {
        var policy = MtaStsPolicyParser.Parse("version: STSv1\nmode: enforce\nmx: mx.example.com\nmax_age: 9999999999\n", out _);
        Assert.Equal(MtaStsPolicy.LongestMaxAge, policy!.MaxAge);
    }

    [Fact]
    public void Of_a_repeated_field_the_first_counts()
    {
        var policy = MtaStsPolicyParser.Parse("version: STSv1\nmode: testing\nmode: enforce\nmx: mx.example.com\nmax_age: 60\n", out _);
        Assert.Equal(MtaStsMode.Testing, policy!.Mode);
    }

    [Theory]
    [InlineData("v=STSv1; id=20160831085700Z;", "20160831085700Z")]
    [InlineData("v=STSv1;id=abc123", "abc123")]
    [InlineData("v=STSv1; ext=1; id=X", "X")]
    [InlineData("v=STSv1;", null)]
    [InlineData("v=STSv1; id=", null)]
    [InlineData("v=STSv1; id=not-alnum", null)]
    [InlineData("v=STSv1; id=123456789012345678901234567890123", null)] // 33 characters
    [InlineData("v=STSv2; id=abc", null)]
    [InlineData("v=spf1 -all", null)]
    public void The_TXT_record_gives_the_id(string record, string? id) => Assert.Equal(id, MtaStsRecord.IdOf([record]));

    [Fact]
    public void Several_STS_records_are_no_record_and_others_are_ignored()
    {
        Assert.Equal("a1", MtaStsRecord.IdOf(["v=spf1 -all", "v=STSv1; id=a1"]));
        Assert.Null(MtaStsRecord.IdOf(["v=STSv1; id=a1", "v=STSv1; id=a2"]));
    }

    [Theory]
    [InlineData("mail.example.com", "mail.example.com", true)]
    [InlineData("mail.example.com", "MAIL.Example.com.", true)]
    [InlineData("mail.example.com", "mail2.example.com", false)]
    [InlineData("*.example.net", "mx1.example.net", true)]
    [InlineData("*.example.net", "MX1.EXAMPLE.NET", true)]
    [InlineData("*.example.net", "example.net", false)]
    [InlineData("*.example.net", "a.b.example.net", false)] // one label only
    [InlineData("*.example.net", "mx1.badexample.net", false)]
    [InlineData("*.example.net", ".example.net", false)]
    public void MX_patterns_match_per_section_4_1(string pattern, string host, bool matches) =>
        Assert.Equal(matches, MtaStsMxPattern.Matches(pattern, host));
}
