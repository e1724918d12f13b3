using System.Net;
using Mizugiwa.Content.Spf;

namespace Mizugiwa.Content.Tests.Spf;

/// <summary>Macro grammar and expansion (RFC 7208 §7), with the examples of §7.4.</summary>
public sealed class SpfMacroTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private static SpfMacroContext Context(string ip = "192.0.2.3") =>
        new("strong-bad@email.example.com", "email.example.com", IPAddress.Parse(ip), "mx.example.org", null, "mx.receiver.example", Now);

    private static string Expand(string text, SpfMacroContext? context = null, bool explanation = false)
    {
        Assert.True(SpfMacroString.TryParse(text, explanation, out var parsed), text);
        return SpfMacroExpander.Expand(parsed!, context ?? Context());
    }

    [Theory]
    [InlineData("%{s}", "strong-bad@email.example.com")]
    [InlineData("%{o}", "email.example.com")]
    [InlineData("%{d}", "email.example.com")]
    [InlineData("%{d4}", "email.example.com")]
    [InlineData("%{d3}", "email.example.com")]
    [InlineData("%{d2}", "example.com")]
    [InlineData("%{d1}", "com")]
    [InlineData("%{dr}", "com.example.email")]
    [InlineData("%{d2r}", "example.email")]
    [InlineData("%{l}", "strong-bad")]
    [InlineData("%{l-}", "strong.bad")]
    [InlineData("%{lr}", "strong-bad")]
    [InlineData("%{lr-}", "bad.strong")]
    [InlineData("%{l1r-}", "strong")]
    [InlineData("%{ir}.%{v}._spf.%{d2}", "3.2.0.192.in-addr._spf.example.com")]
    [InlineData("%{lr-}.lp._spf.%{d2}", "bad.strong.lp._spf.example.com")]
    [InlineData("%{lr-}.lp.%{ir}.%{v}._spf.%{d2}", "bad.strong.lp.3.2.0.192.in-addr._spf.example.com")]
    [InlineData("%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}", "3.2.0.192.in-addr.strong.lp._spf.example.com")]
    [InlineData("%{d2}.trusted-domains.example.net", "example.com.trusted-domains.example.net")]
    public void Rfc_7208_section_7_4_examples(string macro, string expected) => Assert.Equal(expected, Expand(macro));

    [Fact]
    public void Ipv6_address_expands_to_nibbles()
    {
        Assert.Equal(
            "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com",
            Expand("%{ir}.%{v}._spf.%{d2}", Context("2001:db8::cb01")));
    }

    [Theory]
    [InlineData("%%", "%")]
    [InlineData("%_", " ")]
    [InlineData("%-", "%20")]
    [InlineData("a%%b%_c%-d", "a%b c%20d")]
    [InlineData("%{h}", "mx.example.org")]
    [InlineData("%{l+-}", "strong.bad")]
    [InlineData("%{d0002}", "example.com")]
    [InlineData("%{d200}", "email.example.com")]
    public void Escapes_delimiters_and_digits(string macro, string expected) => Assert.Equal(expected, Expand(macro));

    [Fact]
    public void Uppercase_letters_are_url_escaped()
    {
        var context = Context() with { Sender = "jo+bo~x@email.example.com" };
        Assert.Equal("jo%2Bbo~x%40email.example.com", Expand("%{S}", context));
        Assert.Equal("jo+bo~x", Expand("%{l}", context));
    }

    [Fact]
    public void Explanation_letters_c_r_t_expand_only_in_explanations()
    {
        Assert.Equal("192.0.2.3 mx.receiver.example 1700000000", Expand("%{c} %{r} %{t}", explanation: true));
        Assert.Equal("2001:db8::cb01", Expand("%{c}", Context("2001:db8::cb01"), explanation: true));
        Assert.False(SpfMacroString.TryParse("%{c}", explanation: false, out _));
        Assert.False(SpfMacroString.TryParse("%{t}", explanation: false, out _));
        Assert.False(SpfMacroString.TryParse("a b", explanation: false, out _));
    }

    [Fact]
    public void Validated_name_is_unknown_without_one()
    {
        Assert.Equal("unknown", Expand("%{p}"));
        Assert.Equal("example.org", Expand("%{p2}", Context() with { ValidatedName = "mx.example.org" }));
    }

    [Theory]
    [InlineData("%")]
    [InlineData("%x")]
    [InlineData("%{")]
    [InlineData("%{d")]
    [InlineData("%{}")]
    [InlineData("%{x}")]
    [InlineData("%{d0}")]
    [InlineData("%{d2x}")]
    [InlineData("%{dr!}")]
    [InlineData("caf\u00e9")]
    public void Bad_macro_strings_are_rejected(string text) => Assert.False(SpfMacroString.TryParse(text, explanation: true, out _));

    [Theory]
    [InlineData("example.com", true)]
    [InlineData("example.com.", true)]
    [InlineData("%{d}", true)]
    [InlineData("_spf.%{d2}", true)]
    [InlineData("%{ir}.x-1.example", true)]
    [InlineData("foo.1a", true)]
    [InlineData("foo%%", true)]
    [InlineData("example", false)]
    [InlineData("1.2.3.4", false)]
    [InlineData("foo.-bar", false)]
    [InlineData("foo.bar-", false)]
    [InlineData("%{d}com", false)]
    [InlineData("", false)]
    public void Domain_spec_must_end_in_a_macro_or_a_toplabel(string text, bool valid) =>
        Assert.Equal(valid, SpfMacroString.TryParseDomainSpec(text, out _));

    [Fact]
    public void Expanded_domains_over_253_characters_lose_labels_on_the_left()
    {
        var sender = new string('a', 60) + "." + new string('b', 60) + "." + new string('c', 60) + "." + new string('d', 60) + "@x.example";
        Assert.True(SpfMacroString.TryParseDomainSpec("%{l}.example.com.", out var spec));

        var name = SpfMacroExpander.ExpandDomain(spec!, Context() with { Sender = sender });

        Assert.Equal(new string('b', 60) + "." + new string('c', 60) + "." + new string('d', 60) + ".example.com", name);
        Assert.True(name.Length <= 253);
    }
}
