using Microsoft.Extensions.Logging;
using Mizugiwa.Content.Dmarc;

namespace Mizugiwa.Content.Tests.Dmarc;

public sealed class PublicSuffixListTests
{
    private const string SmallList = """
        // ===BEGIN ICANN DOMAINS===
        com
        jp
        *.kobe.jp
        !city.kobe.jp
        公司.cn
        cn
        // ===END ICANN DOMAINS===
        // ===BEGIN PRIVATE DOMAINS===
        github.io   the rest of the line is ignored
        // ===END PRIVATE DOMAINS===
        """;

    private static PublicSuffixList Small(bool includePrivate = true) => PublicSuffixList.Parse(new StringReader(SmallList), includePrivate);

    [Theory]
    [InlineData("a.b.example.com", "example.com")]
    [InlineData("x.y.kobe.jp", "x.y.kobe.jp")]
    [InlineData("www.city.kobe.jp", "city.kobe.jp")]
    [InlineData("mail.xn--85x722f.xn--55qx5d.cn", "xn--85x722f.xn--55qx5d.cn")]
    [InlineData("MAIL.食狮.公司.CN", "xn--85x722f.xn--55qx5d.cn")]
    [InlineData("com", "com")]
    [InlineData("example.com.", "example.com")]
    public void Organisational_domain_is_a_lower_case_a_label_name(string domain, string expected) =>
        Assert.Equal(expected, Small().OrganisationalDomain(domain));

    [Fact]
    public void The_private_section_counts_unless_left_out()
    {
        Assert.Equal("me.github.io", Small().OrganisationalDomain("www.me.github.io"));
        Assert.Equal("github.io", Small(includePrivate: false).OrganisationalDomain("www.me.github.io"));
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("a..example.com", null)]
    [InlineData(".example.com", null)]
    public void Unusable_names_have_no_organisational_domain(string domain, string? expected) =>
        Assert.Equal(expected, Small().OrganisationalDomain(domain));

    [Fact]
    public void A_missing_file_falls_back_to_the_last_two_labels()
    {
        var logger = new RecordingLogger();
        var list = PublicSuffixList.LoadOrFallback(Path.Combine(Path.GetTempPath(), "no-such-psl-" + Guid.NewGuid().ToString("N") + ".dat"), logger: logger);
        Assert.True(list.IsFallback);
        var (level, message) = Assert.Single(logger.Lines);
        Assert.Equal(LogLevel.Warning, level);
        Assert.Contains("fall back to the last two labels", message, StringComparison.Ordinal);
        Assert.Equal("example.com", list.OrganisationalDomain("mail.example.com"));
        Assert.Equal("co.uk", list.OrganisationalDomain("mail.example.co.uk")); // co.uk is not known without the list
        Assert.Equal("com", list.OrganisationalDomain("com"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("// only a comment\n\n")]
    public void An_unusable_path_or_an_empty_file_falls_back_too(string content)
    {
        Assert.True(PublicSuffixList.LoadOrFallback("").IsFallback);
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, content);
            Assert.True(PublicSuffixList.LoadOrFallback(file).IsFallback);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void The_debian_list_is_installed_and_knows_co_uk()
    {
        var list = PublicSuffixList.LoadOrFallback(PublicSuffixList.DebianPath);
        Assert.False(list.IsFallback, $"{PublicSuffixList.DebianPath} is missing: run scripts/install-test-deps.sh (Debian package publicsuffix)");
        Assert.True(list.RuleCount > 5000);
        Assert.Equal("example.co.uk", list.OrganisationalDomain("mail.example.co.uk"));
    }

    [Theory]
    [InlineData("食狮", "85x722f")]
    [InlineData("公司", "55qx5d")]
    [InlineData("中国", "fiqs8s")]
    [InlineData("bücher", "bcher-kva")]
    [InlineData("日本語", "wgv71a119e")]
    public void Punycode_encodes_like_rfc_3492(string label, string expected) => Assert.Equal(expected, Punycode.Encode(label));
}
