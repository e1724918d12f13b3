using System.Text;
using Mizugiwa.Content.Urls;
using Mizugiwa.Policy.Dns;
using Mizugiwa.Policy.Tests.Support;
using Mizugiwa.Testing;

namespace Mizugiwa.Content.Tests.Urls;

/// <summary>One dnsmasq serving two URIBL zones for the URL analyzer tests.</summary>
public sealed class UriblDnsFixture : IAsyncLifetime
{
    private DnsmasqServer? _dns;

    public string Server => _dns?.Server ?? throw new InvalidOperationException("dnsmasq is not running");

    public async Task InitializeAsync() => _dns = await DnsmasqServer.StartAsync(new DnsmasqRecords()
        .LocalZone("multi.uribl.test")
        .LocalZone("dbl.uribl.test")
        .AddressRecord("spammy.example.multi.uribl.test", "127.0.0.2")
        .AddressRecord("greyish.example.multi.uribl.test", "127.0.0.8") // bit 8 has no meaning configured
        .AddressRecord("deep.host.example.multi.uribl.test", "127.0.0.4") // only the full host is listed
        .AddressRecord("1.1.168.192.multi.uribl.test", "127.0.0.2")
        .AddressRecord("refused.example.dbl.uribl.test", "127.0.0.1")
        .AddressRecord("phish.example.dbl.uribl.test", "127.0.1.4"));

    public async Task DisposeAsync()
    {
        if (_dns is not null) await _dns.DisposeAsync();
    }
}

/// <summary>The URL analyzer against a real dnsmasq serving two URIBL zones.</summary>
public sealed class UrlAnalyzerTests(UriblDnsFixture dns) : IClassFixture<UriblDnsFixture>
{
    private static readonly UriblZone Multi = new()
    {
        Zone = "multi.uribl.test",
        Name = "MULTI",
        Score = 5.0,
        Bits = new Dictionary<int, string> { [2] = "black", [4] = "grey" },
        QueryIpHosts = true,
    };

    private static readonly UriblZone Dbl = new() { Zone = "dbl.uribl.test", Score = 3.0 };

    private UrlAnalyzer Analyzer(UrlAnalyzerOptions? options = null, IRegistrableDomain? domains = null) =>
        new(options ?? new UrlAnalyzerOptions { UriblZones = [Multi, Dbl] },
            new DnsResolver(new DnsResolverOptions { Servers = [dns.Server], Timeout = TimeSpan.FromSeconds(2), Retries = 0 }),
            domains);

    private static ContentMessage Message(string body, bool html = false)
    {
        var raw = $"From: a@example.org\r\nContent-Type: text/{(html ? "html" : "plain")}; charset=utf-8\r\n\r\n{body}\r\n";
        return ContentMessageReader.Read(Encoding.UTF8.GetBytes(raw), new ContentEnvelope(null, null, null, "", []));
    }

    private async Task<ContentReport> Analyze(string body, bool html = false, UrlAnalyzerOptions? options = null)
    {
        var report = new ContentReport();
        await Analyzer(options).AnalyzeAsync(Message(body, html), report, CancellationToken.None);
        return report;
    }

    private static ContentSymbol? Symbol(ContentReport report, string name) => report.Symbols.SingleOrDefault(s => s.Name == name);

    [Fact]
    public void It_is_an_analysis_stage_analyzer_named_url()
    {
        var analyzer = Analyzer();
        Assert.Equal("url", analyzer.Name);
        Assert.Equal(ContentStage.Analysis, analyzer.Stage);
    }

    [Fact]
    public async Task A_clean_message_gets_no_symbols()
    {
        var report = await Analyze("See https://www.clean.example/page and www.other.example");
        Assert.Empty(report.Symbols);
    }

    [Fact]
    public async Task Userinfo_trick_fires_and_a_plain_url_does_not()
    {
        var report = await Analyze("Log in at http://paypal.com@evil.example/login");
        Assert.Equal("paypal.com@evil.example", Symbol(report, "URI_USERINFO")?.Detail);
        Assert.Null(Symbol(await Analyze("Log in at http://evil.example/login?u=a@b"), "URI_USERINFO"));
    }

    [Fact]
    public async Task Ip_hosts_fire_and_obfuscated_ones_score_higher()
    {
        var raw = Symbol(await Analyze("http://10.1.2.3/x"), "URI_IP_HOST");
        var obfuscated = Symbol(await Analyze("http://167838211/x"), "URI_IP_HOST");
        Assert.NotNull(raw);
        Assert.NotNull(obfuscated);
        Assert.True(obfuscated.DefaultScore > raw.DefaultScore);
        Assert.Equal("obfuscated 10.1.2.3", obfuscated.Detail);
        Assert.Null(Symbol(await Analyze("http://host10.example/"), "URI_IP_HOST"));
    }

    [Fact]
    public async Task Link_text_naming_another_domain_fires()
    {
        var report = await Analyze("<a href=\"http://evil.example/login\">https://www.paypal.com/login</a>", html: true);
        Assert.Equal("text www.paypal.com links to evil.example", Symbol(report, "URI_LINK_TEXT_MISMATCH")?.Detail);
    }

    [Theory]
    [InlineData("<a href=\"http://login.paypal.com/x\">www.paypal.com</a>")]
    [InlineData("<a href=\"http://evil.example/\">Click here</a>")]
    public async Task Link_text_of_the_same_domain_or_no_domain_does_not_fire(string html) =>
        Assert.Null(Symbol(await Analyze(html, html: true), "URI_LINK_TEXT_MISMATCH"));

    [Fact]
    public async Task A_registered_domain_listed_with_a_meaningful_bit_fires_with_its_meaning()
    {
        var report = await Analyze("Buy at http://www.spammy.example/now");
        var symbol = Symbol(report, "URI_URIBL_MULTI");
        Assert.NotNull(symbol);
        Assert.Equal(5.0, symbol.DefaultScore);
        Assert.Equal("spammy.example (black)", symbol.Detail);
    }

    [Fact]
    public async Task A_listing_code_without_a_configured_bit_does_not_count()
    {
        Assert.Empty((await Analyze("http://greyish.example/")).Symbols);
    }

    [Fact]
    public async Task The_full_host_is_asked_too()
    {
        var symbol = Symbol(await Analyze("http://deep.host.example/"), "URI_URIBL_MULTI");
        Assert.Equal("deep.host.example (grey)", symbol?.Detail);
    }

    [Fact]
    public async Task An_ip_host_is_asked_reversed_only_of_zones_that_want_it()
    {
        var report = await Analyze("http://3232235777/");
        Assert.Equal("192.168.1.1 (black)", Symbol(report, "URI_URIBL_MULTI")?.Detail);
        Assert.Null(Symbol(report, "URI_URIBL_DBL_URIBL_TEST"));
    }

    [Fact]
    public async Task A_zone_without_bits_counts_any_code_but_the_refused_one()
    {
        var report = await Analyze("http://phish.example/ and http://refused.example/");
        Assert.Equal("phish.example (127.0.1.4)", Symbol(report, "URI_URIBL_DBL_URIBL_TEST")?.Detail);
        Assert.Empty((await Analyze("http://refused.example/")).Symbols);
    }

    [Fact]
    public async Task Dns_lookups_stop_at_the_per_message_limit()
    {
        var body = string.Join(' ', Enumerable.Range(0, 5).Select(i => $"http://clean{i}.example/")) + " http://spammy.example/";
        var limited = await Analyze(body, options: new UrlAnalyzerOptions { UriblZones = [Multi], MaxDnsDomains = 5 });
        Assert.Null(Symbol(limited, "URI_URIBL_MULTI"));
        var unlimited = await Analyze(body, options: new UrlAnalyzerOptions { UriblZones = [Multi], MaxDnsDomains = 6 });
        Assert.NotNull(Symbol(unlimited, "URI_URIBL_MULTI"));
    }

    [Fact]
    public async Task The_local_list_matches_hosts_under_a_listed_domain()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(path, ["# local", "blocked.example"]);
            var options = new UrlAnalyzerOptions { LocalList = LocalDomainList.Load(path) };
            Assert.Equal("www.blocked.example (blocked.example)", Symbol(await Analyze("http://www.blocked.example/", options: options), "URI_LOCAL_LIST")?.Detail);
            Assert.Null(Symbol(await Analyze("http://www.fine.example/", options: options), "URI_LOCAL_LIST"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Many_distinct_hosts_fire_above_the_threshold()
    {
        var options = new UrlAnalyzerOptions { ManyHostsThreshold = 3 };
        var three = "http://a.example/ http://b.example/ http://c.example/ http://a.example/again";
        Assert.Null(Symbol(await Analyze(three, options: options), "URI_MANY"));
        Assert.Equal("4 hosts", Symbol(await Analyze(three + " http://d.example/", options: options), "URI_MANY")?.Detail);
    }

    [Fact]
    public async Task A_plugged_registered_domain_rule_is_used()
    {
        var report = new ContentReport();
        var analyzer = new UrlAnalyzer(new UrlAnalyzerOptions(),
            new DnsResolver(new DnsResolverOptions { Servers = [dns.Server] }), new WholeHostIsRegistered());
        await analyzer.AnalyzeAsync(Message("<a href=\"http://login.paypal.com/x\">www.paypal.com</a>", html: true), report, CancellationToken.None);
        Assert.NotNull(Symbol(report, "URI_LINK_TEXT_MISMATCH"));
    }

    [Fact]
    public async Task A_dns_server_that_does_not_answer_lists_nothing_and_throws_nothing()
    {
        var report = new ContentReport();
        var silent = new DnsResolver(new DnsResolverOptions { Servers = [$"127.0.0.1:{FreePorts.Next()}"], Timeout = TimeSpan.FromMilliseconds(200), Retries = 0 });
        await new UrlAnalyzer(new UrlAnalyzerOptions { UriblZones = [Multi] }, silent).AnalyzeAsync(Message("http://spammy.example/"), report, CancellationToken.None);
        Assert.Empty(report.Symbols);
    }

    private sealed class WholeHostIsRegistered : IRegistrableDomain
    {
        public string Of(string host) => host;
    }
}
