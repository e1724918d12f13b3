using System.Net;
using System.Text;
using Mizugiwa.Content.Spf;

namespace Mizugiwa.Content.Tests.Spf;

/// <summary>check_host() and the analyzer against a real dnsmasq on loopback.</summary>
[Collection(SpfDnsmasqCollection.Name)]
public sealed class SpfDnsmasqTests(SpfDnsmasqFixture dnsmasq)
{
    private Task<SpfCheckResult> Check(string domain, string ip) =>
        new SpfEvaluator(dnsmasq.Resolver()).CheckHostAsync(IPAddress.Parse(ip), domain, "user@" + domain, "client.example", CancellationToken.None);

    [Theory]
    [InlineData("pass.spf.test", "192.0.2.10", SpfResult.Pass)]
    [InlineData("pass.spf.test", "198.51.100.1", SpfResult.Fail)]
    [InlineData("soft.spf.test", "192.0.2.11", SpfResult.SoftFail)]
    [InlineData("chain.spf.test", "192.0.2.20", SpfResult.Pass)]
    [InlineData("chain.spf.test", "203.0.113.1", SpfResult.Pass)]
    [InlineData("chain.spf.test", "192.0.2.21", SpfResult.Fail)]
    [InlineData("mx.spf.test", "192.0.2.31", SpfResult.Pass)]
    [InlineData("mx.spf.test", "192.0.2.32", SpfResult.Fail)]
    [InlineData("a.spf.test", "192.0.2.45", SpfResult.Pass)]
    [InlineData("a.spf.test", "192.0.2.48", SpfResult.Fail)]
    [InlineData("v6.spf.test", "2001:db8:5::99", SpfResult.Pass)]
    [InlineData("v6.spf.test", "2001:db8:6::1", SpfResult.Fail)]
    [InlineData("exists.spf.test", "192.0.2.50", SpfResult.Pass)]
    [InlineData("exists.spf.test", "192.0.2.51", SpfResult.Fail)]
    [InlineData("redirect.spf.test", "192.0.2.10", SpfResult.Pass)]
    [InlineData("redirect.spf.test", "198.51.100.1", SpfResult.Fail)]
    [InlineData("nothing.spf.test", "192.0.2.10", SpfResult.None)]
    [InlineData("web.spf.test", "192.0.2.40", SpfResult.None)]
    [InlineData("two.spf.test", "192.0.2.10", SpfResult.PermError)]
    [InlineData("elsewhere.spf.test", "192.0.2.10", SpfResult.TempError)]
    public async Task Results_from_real_dns(string domain, string ip, SpfResult expected) =>
        Assert.Equal(expected, (await Check(domain, ip)).Result);

    [Fact]
    public async Task Explanation_comes_from_real_dns()
    {
        var result = await Check("exp.spf.test", "192.0.2.77");
        Assert.Equal(SpfResult.Fail, result.Result);
        Assert.Equal("192.0.2.77 may not send for exp.spf.test", result.Explanation);
    }

    [Fact]
    public async Task Analyzer_end_to_end_on_a_read_message()
    {
        var raw = Encoding.ASCII.GetBytes("From: a@chain.spf.test\r\nTo: b@example.org\r\nSubject: hello\r\n\r\nHello.\r\n");
        var envelope = new ContentEnvelope(IPAddress.Parse("203.0.113.1"), null, "relay.spf.test", "a@chain.spf.test", ["b@example.org"]);
        var message = ContentMessageReader.Read(raw, envelope);
        var report = new ContentReport();

        await new SpfAnalyzer(new SpfEvaluator(dnsmasq.Resolver())).AnalyzeAsync(message, report, CancellationToken.None);

        Assert.Equal([new SpfVerdict("pass", "mailfrom", "chain.spf.test"), new SpfVerdict("fail", "helo", "relay.spf.test")], report.Spf);
        Assert.Equal([("SPF_PASS", -0.2), ("SPF_HELO_FAIL", 1.5)], report.Symbols.Select(s => (s.Name, s.DefaultScore)));
        var entry = Assert.Single(report.AuthResults);
        Assert.Equal(("spf", "pass"), (entry.Method, entry.Result));
        Assert.Equal([new KeyValuePair<string, string>("smtp.mailfrom", "chain.spf.test")], entry.Properties);
    }

    [Fact]
    public async Task Analyzer_checks_a_bounce_by_its_helo()
    {
        var raw = Encoding.ASCII.GetBytes("From: MAILER-DAEMON@relay.spf.test\r\nSubject: bounce\r\n\r\nundeliverable\r\n");
        var envelope = new ContentEnvelope(IPAddress.Parse("192.0.2.60"), null, "relay.spf.test", "", ["b@example.org"]);
        var report = new ContentReport();

        await new SpfAnalyzer(new SpfEvaluator(dnsmasq.Resolver())).AnalyzeAsync(ContentMessageReader.Read(raw, envelope), report, CancellationToken.None);

        Assert.Contains(new SpfVerdict("pass", "helo", "relay.spf.test"), report.Spf);
        var entry = Assert.Single(report.AuthResults);
        Assert.Equal("pass", entry.Result);
        Assert.Equal([new KeyValuePair<string, string>("smtp.helo", "relay.spf.test")], entry.Properties);
    }
}
