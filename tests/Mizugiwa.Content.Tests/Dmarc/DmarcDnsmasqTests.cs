using Mizugiwa.Content.Dmarc;
using Mizugiwa.Policy.Dns;
using Mizugiwa.Policy.Tests.Support;
using static Mizugiwa.Content.Tests.Dmarc.DmarcTestMessages;

namespace Mizugiwa.Content.Tests.Dmarc;

/// <summary>One real dnsmasq serving the DMARC records of <see cref="DmarcDnsmasqTests"/>.</summary>
public sealed class DmarcDnsmasqFixture : IAsyncLifetime
{
    private DnsmasqServer? _server;

    public DnsmasqServer Server => _server ?? throw new InvalidOperationException("dnsmasq is not running");

    public static DnsmasqRecords Records() => new DnsmasqRecords()
        .TxtRecord("_dmarc.shop.example", "v=DMARC1; p=reject; rua=mailto:dmarc@shop.example")
        .TxtRecord("_dmarc.corp.example", "v=DMARC1; p=none; sp=quarantine")
        .TxtRecord("_dmarc.trial.example", "v=DMARC1; p=reject; pct=0")
        .TxtRecord("_dmarc.twice.example", "v=DMARC1; p=reject")
        .TxtRecord("_dmarc.twice.example", "v=DMARC1; p=none")
        .LocalZone("nodmarc.example");

    public async Task InitializeAsync() => _server = await DnsmasqServer.StartAsync(Records());

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

/// <summary>The analyzer asking a real DNS server (dnsmasq on loopback) through the server's resolver.</summary>
public sealed class DmarcDnsmasqTests(DmarcDnsmasqFixture fixture) : IClassFixture<DmarcDnsmasqFixture>
{
    private static readonly Lazy<PublicSuffixList> Psl = new(() => PublicSuffixList.Load(SharedPslFiles.List));

    private async Task<ContentReport> AnalyzeAsync(string from, ContentReport report, DmarcOptions? options = null)
    {
        var resolver = new DnsResolver(new DnsResolverOptions { Servers = [fixture.Server.Server], Timeout = TimeSpan.FromSeconds(3), Retries = 1 });
        var analyzer = new DmarcAnalyzer(resolver, Psl.Value, options ?? new DmarcOptions(),
            () => throw new InvalidOperationException("these records never need sampling"));
        await analyzer.AnalyzeAsync(From(from), report, CancellationToken.None);
        return report;
    }

    [Fact]
    public async Task An_aligned_dkim_pass_passes()
    {
        var report = await AnalyzeAsync("alice@shop.example", Report(dkim: [DkimPass("mail.shop.example")]), new DmarcOptions { HonourReject = true });
        Assert.Equal(new DmarcVerdict("pass", "shop.example", "reject"), report.Dmarc);
        Assert.Equal(DmarcAnalyzer.Pass, Assert.Single(report.Symbols).Name);
        Assert.Equal(ContentAction.None, report.ForcedAction);
    }

    [Fact]
    public async Task An_aligned_spf_pass_passes()
    {
        var report = await AnalyzeAsync("alice@shop.example", Report(spf: [SpfPass("bounce.shop.example")], dkim: [DkimPass("esp.example")]));
        Assert.Equal("pass", report.Dmarc!.Result);
        Assert.Equal("spf bounce.shop.example", Assert.Single(report.Symbols).Detail);
    }

    [Fact]
    public async Task A_failure_under_p_reject_is_forced_to_reject_only_when_honoured()
    {
        var unaligned = new[] { SpfPass("esp.example") };
        var report = await AnalyzeAsync("alice@shop.example", Report(spf: unaligned));
        Assert.Equal(new DmarcVerdict("fail", "shop.example", "reject", "not aligned: spf esp.example"), report.Dmarc);
        Assert.Equal(DmarcAnalyzer.FailReject, Assert.Single(report.Symbols).Name);
        Assert.Equal(ContentAction.Spam, report.ForcedAction);

        report = await AnalyzeAsync("alice@shop.example", Report(spf: unaligned), new DmarcOptions { HonourReject = true });
        Assert.Equal(ContentAction.Reject, report.ForcedAction);
        Assert.Equal(["DMARC policy reject for shop.example"], report.ForcedActionReasons);
    }

    [Fact]
    public async Task A_subdomain_gets_the_organisational_domain_sp()
    {
        var report = await AnalyzeAsync("alice@hr.corp.example", Report());
        Assert.Equal(new DmarcVerdict("fail", "hr.corp.example", "quarantine", "no SPF or DKIM pass"), report.Dmarc);
        Assert.Equal(DmarcAnalyzer.FailQuarantine, Assert.Single(report.Symbols).Name);
    }

    [Fact]
    public async Task The_organisational_domain_record_covers_a_deep_subdomain_and_its_p_covers_the_domain_itself()
    {
        var report = await AnalyzeAsync("alice@a.b.corp.example", Report(dkim: [DkimPass("corp.example")]));
        Assert.Equal(new DmarcVerdict("pass", "a.b.corp.example", "quarantine"), report.Dmarc);

        report = await AnalyzeAsync("alice@corp.example", Report());
        Assert.Equal(("fail", "none"), (report.Dmarc!.Result, report.Dmarc.Policy));
    }

    [Fact]
    public async Task Pct_zero_applies_the_next_milder_policy()
    {
        var report = await AnalyzeAsync("alice@trial.example", Report(), new DmarcOptions { HonourReject = true });
        Assert.Equal(("fail", "quarantine"), (report.Dmarc!.Result, report.Dmarc.Policy));
        Assert.Equal(ContentAction.Spam, report.ForcedAction);
    }

    [Fact]
    public async Task A_domain_without_a_record_gets_none_not_a_temporary_error()
    {
        var report = await AnalyzeAsync("alice@www.nodmarc.example", Report());
        Assert.Equal(new DmarcVerdict("none", "www.nodmarc.example", null, "no DMARC record"), report.Dmarc);
    }

    [Fact]
    public async Task Two_records_are_a_permanent_error()
    {
        var report = await AnalyzeAsync("alice@twice.example", Report(), new DmarcOptions { HonourReject = true });
        Assert.Equal("permerror", report.Dmarc!.Result);
        Assert.Equal(ContentAction.None, report.ForcedAction);
    }
}
