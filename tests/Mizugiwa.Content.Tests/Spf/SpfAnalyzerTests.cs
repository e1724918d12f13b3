using System.Net;
using System.Text;
using Mizugiwa.Content.Spf;

namespace Mizugiwa.Content.Tests.Spf;

/// <summary>Which identities the analyzer checks and what it records, against an in-memory resolver.</summary>
public sealed class SpfAnalyzerTests
{
    private readonly FakeSpfDns _dns = new FakeSpfDns()
        .Txt("example.com", "v=spf1 ip4:192.0.2.0/24 -all")
        .Txt("relay.example.net", "v=spf1 ip4:198.51.100.7 ~all");

    private async Task<ContentReport> Analyze(ContentEnvelope envelope, SpfAnalyzerOptions? options = null)
    {
        var message = ContentMessageReader.Read(Encoding.ASCII.GetBytes("Subject: hi\r\n\r\nbody\r\n"), envelope);
        var report = new ContentReport();
        await new SpfAnalyzer(new SpfEvaluator(_dns), options).AnalyzeAsync(message, report, CancellationToken.None);
        return report;
    }

    private static ContentEnvelope Envelope(string ip, string sender, string? helo = "relay.example.net", string? user = null) =>
        new(IPAddress.Parse(ip), null, helo, sender, ["rcpt@example.org"], user);

    [Fact]
    public async Task Mail_from_and_helo_are_checked_separately()
    {
        var report = await Analyze(Envelope("192.0.2.9", "alice@Example.COM"));

        Assert.Equal([new SpfVerdict("pass", "mailfrom", "example.com"), new SpfVerdict("softfail", "helo", "relay.example.net")], report.Spf);
        Assert.Equal(["SPF_PASS", "SPF_HELO_SOFTFAIL"], report.Symbols.Select(s => s.Name));
        var entry = Assert.Single(report.AuthResults);
        Assert.Equal(("spf", "pass", (string?)null), (entry.Method, entry.Result, entry.Reason));
        Assert.Equal([new KeyValuePair<string, string>("smtp.mailfrom", "example.com")], entry.Properties);
    }

    [Fact]
    public async Task Null_sender_is_checked_as_postmaster_at_helo_once()
    {
        var report = await Analyze(Envelope("198.51.100.7", ""));

        Assert.Equal([new SpfVerdict("pass", "mailfrom", "relay.example.net"), new SpfVerdict("pass", "helo", "relay.example.net")], report.Spf);
        Assert.Equal(["SPF_PASS"], report.Symbols.Select(s => s.Name));
        var entry = Assert.Single(report.AuthResults);
        Assert.Equal([new KeyValuePair<string, string>("smtp.helo", "relay.example.net")], entry.Properties);
        Assert.Equal(1, _dns.Queries.Count(q => q == "TXT relay.example.net"));
    }

    [Theory]
    [InlineData("[198.51.100.7]")]
    [InlineData("198.51.100.7")]
    [InlineData("localhost")]
    [InlineData(null)]
    public async Task Helo_that_is_not_a_domain_is_not_checked(string? helo)
    {
        var report = await Analyze(Envelope("192.0.2.9", "alice@example.com", helo));
        var nullSender = await Analyze(Envelope("192.0.2.9", "", helo));

        Assert.Equal([new SpfVerdict("pass", "mailfrom", "example.com")], report.Spf);
        Assert.Empty(nullSender.Spf);
        Assert.Empty(nullSender.Symbols);
        Assert.Empty(nullSender.AuthResults);
    }

    [Fact]
    public async Task Helo_check_can_be_turned_off()
    {
        var report = await Analyze(Envelope("192.0.2.9", "alice@example.com"), new SpfAnalyzerOptions { CheckHelo = false });
        Assert.Equal(["SPF_PASS"], report.Symbols.Select(s => s.Name));
        Assert.DoesNotContain("TXT relay.example.net", _dns.Queries);
    }

    [Fact]
    public async Task Authenticated_submissions_and_unknown_clients_are_skipped()
    {
        var authenticated = await Analyze(Envelope("203.0.113.1", "alice@example.com", user: "alice"));
        var offline = await Analyze(new ContentEnvelope(null, null, "relay.example.net", "alice@example.com", []));

        Assert.Empty(authenticated.Symbols);
        Assert.Empty(offline.Symbols);
        Assert.Empty(_dns.Queries);
    }

    [Fact]
    public async Task Errors_carry_their_problem_as_the_reason()
    {
        _dns.Fail("broken.example.org");
        var report = await Analyze(Envelope("192.0.2.9", "bob@broken.example.org", helo: null));

        var entry = Assert.Single(report.AuthResults);
        Assert.Equal("temperror", entry.Result);
        Assert.Contains("broken.example.org", entry.Reason);
        var symbol = Assert.Single(report.Symbols);
        Assert.Equal(("SPF_TEMPERROR", 0.0), (symbol.Name, symbol.DefaultScore));
    }

    [Theory]
    [InlineData(SpfResult.Pass, false, "SPF_PASS")]
    [InlineData(SpfResult.Fail, false, "SPF_FAIL")]
    [InlineData(SpfResult.SoftFail, false, "SPF_SOFTFAIL")]
    [InlineData(SpfResult.Neutral, false, "SPF_NEUTRAL")]
    [InlineData(SpfResult.None, false, "SPF_NONE")]
    [InlineData(SpfResult.TempError, false, "SPF_TEMPERROR")]
    [InlineData(SpfResult.PermError, false, "SPF_PERMERROR")]
    [InlineData(SpfResult.Fail, true, "SPF_HELO_FAIL")]
    [InlineData(SpfResult.None, true, "SPF_HELO_NONE")]
    public void Symbols_are_named_after_result_and_identity(SpfResult result, bool helo, string name)
    {
        var (symbol, score) = SpfSymbols.For(result, helo);
        Assert.Equal(name, symbol);
        if (result == SpfResult.Fail) Assert.True(score >= SpfSymbols.For(SpfResult.SoftFail, helo).Score);
        if (helo) Assert.True(Math.Abs(score) <= Math.Abs(SpfSymbols.For(result, false).Score));
    }
}
