using System.Net;
using Mizugiwa.Content.Urls;

namespace Mizugiwa.Content.Tests.Urls;

public sealed class UrlNormalizerTests
{
    [Theory]
    [InlineData("HTTP://WWW.Example.COM/Path", "http://www.example.com/Path")]
    [InlineData("http://example.com", "http://example.com/")]
    [InlineData("http://example.com./a", "http://example.com/a")]
    [InlineData("https://example.com:443/a", "https://example.com/a")]
    [InlineData("http://example.com:80/", "http://example.com/")]
    [InlineData("http://example.com:8080/", "http://example.com:8080/")]
    [InlineData("ftp://example.com:21/pub", "ftp://example.com/pub")]
    [InlineData("http://user:pw@example.com/a", "http://example.com/a")]
    [InlineData("http://example.com/a?x=1#frag", "http://example.com/a")]
    [InlineData("http://example.com/%7Euser/%41%2Fb%2f", "http://example.com/~user/A%2Fb%2F")]
    [InlineData("http://%65xample.com/", "http://example.com/")]
    [InlineData("http://bücher.example/", "http://xn--bcher-kva.example/")]
    [InlineData("http://例え.テスト/", "http://xn--r8jz45g.xn--zckzah/")]
    [InlineData("http://3232235777/", "http://192.168.1.1/")]
    [InlineData("http://0xC0A80101/", "http://192.168.1.1/")]
    [InlineData("http://0300.0250.0001.0001/", "http://192.168.1.1/")]
    [InlineData("http://192.168.257/", "http://192.168.1.1/")]
    [InlineData("http://[2001:DB8::1]:80/", "http://[2001:db8::1]/")]
    [InlineData("www.example.com/x", "http://www.example.com/x")]
    [InlineData("//cdn.example/x.js", "http://cdn.example/x.js")]
    [InlineData("http:\\\\example.com\\a", "http://example.com/a")]
    public void Normalises(string original, string expected)
    {
        var finding = UrlNormalizer.TryNormalize(original);
        Assert.NotNull(finding);
        Assert.Equal(expected, finding.Normalised.AbsoluteUri);
        Assert.Equal(original, finding.Original);
    }

    [Theory]
    [InlineData("mailto:a@example.com")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/relative/path")]
    [InlineData("http:///nohost")]
    [InlineData("http://exa mple.com/")]
    [InlineData("http://example.com:99999/")]
    public void Rejects_what_is_not_an_absolute_web_url(string original) =>
        Assert.Null(UrlNormalizer.TryNormalize(original));

    [Theory]
    [InlineData("http://3232235777/", "192.168.1.1", true)]
    [InlineData("http://0x7f.1/", "127.0.0.1", true)]
    [InlineData("http://10.0.0.1/", "10.0.0.1", false)]
    [InlineData("http://010.0.0.1/", "8.0.0.1", true)]
    public void Ip_hosts_are_recognised_and_obfuscation_is_flagged(string url, string ip, bool obfuscated)
    {
        var finding = UrlNormalizer.TryNormalize(url)!;
        Assert.Equal(IPAddress.Parse(ip), finding.IpHost);
        Assert.Equal(obfuscated, finding.IpObfuscated);
    }

    [Theory]
    [InlineData("http://256.1.1.1/")]
    [InlineData("http://1.2.3.4.5/")]
    [InlineData("http://4294967296/")]
    [InlineData("http://123.example/")]
    public void Number_like_hosts_that_are_no_address_are_names_or_invalid(string url) =>
        Assert.Null(UrlNormalizer.TryNormalize(url)?.IpHost);

    [Fact]
    public void Userinfo_is_kept_apart_from_the_host()
    {
        var finding = UrlNormalizer.TryNormalize("http://paypal.com@evil.example/login")!;
        Assert.Equal("paypal.com", finding.UserInfo);
        Assert.Equal("evil.example", finding.Host);
    }
}
