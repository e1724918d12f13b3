using Mizugiwa.Content.Dmarc;
using static Mizugiwa.Content.Tests.Dmarc.DmarcTestMessages;

namespace Mizugiwa.Content.Tests.Dmarc;

/// <summary>The analyzer against an in-memory resolver: discovery, alignment, results, policy and forcing.</summary>
public sealed class DmarcAnalyzerTests
{
    private static readonly Lazy<PublicSuffixList> Psl = new(() => PublicSuffixList.Load(SharedPslFiles.List));

    private static async Task<ContentReport> AnalyzeAsync(InMemoryDnsResolver dns, ContentMessage message, ContentReport report,
        DmarcOptions? options = null, Func<int>? sampler = null)
    {
        var analyzer = new DmarcAnalyzer(dns, Psl.Value, options ?? new DmarcOptions(), sampler ?? (() => throw new InvalidOperationException("not sampled")));
        await analyzer.AnalyzeAsync(message, report, CancellationToken.None);
        return report;
    }

    private static string[] SymbolNames(ContentReport report) => [.. report.Symbols.Select(s => s.Name)];

    [Fact]
    public void The_analyzer_runs_at_the_alignment_stage()
    {
        var analyzer = new DmarcAnalyzer(new InMemoryDnsResolver(), Psl.Value, new DmarcOptions());
        Assert.Equal(("dmarc", ContentStage.Alignment), (analyzer.Name, analyzer.Stage));
    }

    [Fact]
    public async Task A_dkim_pass_of_a_subdomain_aligns_relaxed()
    {
        var dns = new InMemoryDnsResolver().Txt("_dmarc.example.com", "v=DMARC1; p=reject");
        var report = await AnalyzeAsync(dns, From("Alice <alice@example.com>"), Report(dkim: [DkimPass("mail.example.com")]));

        Assert.Equal(new DmarcVerdict("pass", "example.com", "reject"), report.Dmarc);
        Assert.Equal([DmarcAnalyzer.Pass], SymbolNames(report));
        var entry = Assert.Single(report.AuthResults);
        Assert.Equal(("dmarc", "pass"), (entry.Method, entry.Result));
        Assert.Contains(new KeyValuePair<string, string>("header.from", "example.com"), entry.Properties);
        Assert.Contains(new KeyValuePair<string, string>("policy.dmarc", "reject"), entry.Properties);
        Assert.Equal(ContentAction.None, report.ForcedAction);
    }

    [Fact]
    public async Task Strict_dkim_alignment_needs_the_same_domain()
    {
        var dns = new InMemoryDnsResolver().Txt("_dmarc.example.com", "v=DMARC1; p=none; adkim=s");
        var report = await AnalyzeAsync(dns, From("alice@example.com"), Report(dkim: [DkimPass("mail.example.com")]));
        Assert.Equal("fail", report.Dmarc!.Result);
        Assert.Equal([DmarcAnalyzer.FailNone], SymbolNames(report));
        Assert.Contains("not aligned: dkim mail.example.com", report.Dmarc.Reason, StringComparison.Ordinal);

        report = await AnalyzeAsync(dns, From("alice@example.com"), Report(dkim: [DkimPass("EXAMPLE.com")]));
        Assert.Equal("pass", report.Dmarc!.Result);
    }

    [Fact]
    public async Task A_dkim_pass_of_another_organisation_or_a_dkim_fail_does_not_align()
    {
        var dns = new InMemoryDnsResolver().Txt("_dmarc.example.co.uk", "v=DMARC1; p=quarantine");
        var dkim = new[] { DkimPass("other.co.uk"), new DkimVerdict("fail", "example.co.uk", "s1", "rsa-sha256") };
        var report = await AnalyzeAsync(dns, From("alice@example.co.uk"), Report(dkim: dkim));
        Assert.Equal(new DmarcVerdict("fail", "example.co.uk", "quarantine", "not aligned: dkim other.co.uk"), report.Dmarc);
        Assert.Equal([DmarcAnalyzer.FailQuarantine], SymbolNames(report));
        Assert.Equal(ContentAction.Spam, report.ForcedAction);
    }

    [Fact]
    public async Task An_aligned_spf_mailfrom_pass_passes_and_helo_counts_only_for_the_null_sender()
    {
        var dns = new InMemoryDnsResolver().Txt("_dmarc.example.com", "v=DMARC1; p=reject; aspf=r");
        var report = await AnalyzeAsync(dns, From("alice@example.com"), Report(spf: [SpfPass("bounces.example.com")]));
        Assert.Equal("pass", report.Dmarc!.Result);
        Assert.Equal("spf bounces.example.com", report.Symbols.Single().Detail);

        var helo = new SpfVerdict("pass", "helo", "mail.example.com");
        report = await AnalyzeAsync(dns, From("alice@example.com"), Report(spf: [helo, new SpfVerdict("fail", "mailfrom", "example.com")]));
        Assert.Equal("fail", report.Dmarc!.Result);

        report = await AnalyzeAsync(dns, From("alice@example.com", sender: ""), Report(spf: [helo]));
        Assert.Equal("pass", report.Dmarc!.Result);
    }

    [Fact]
    public async Task Strict_spf_alignment_needs_the_same_domain()
    {
        var dns = new InMemoryDnsResolver().Txt("_dmarc.example.com", "v=DMARC1; p=none; aspf=s");
        var report = await AnalyzeAsync(dns, From("alice@example.com"), Report(spf: [SpfPass("bounces.example.com")]));
        Assert.Equal("fail", report.Dmarc!.Result);
    }

    [Fact]
    public async Task A_subdomain_without_a_record_uses_the_organisational_domain_record_and_its_sp()
    {
        var dns = new InMemoryDnsResolver().Txt("_dmarc.example.co.uk", "v=DMARC1; p=none; sp=reject");
        var report = await AnalyzeAsync(dns, From("alice@news.example.co.uk"), Report());

        Assert.Equal(["_dmarc.news.example.co.uk", "_dmarc.example.co.uk"], dns.Asked);
        Assert.Equal(new DmarcVerdict("fail", "news.example.co.uk", "reject", "no SPF or DKIM pass"), report.Dmarc);
        Assert.Equal([DmarcAnalyzer.FailReject], SymbolNames(report));
    }

    [Fact]
    public async Task A_record_at_the_subdomain_itself_uses_its_p_not_sp()
    {
        var dns = new InMemoryDnsResolver()
            .Txt("_dmarc.news.example.com", "v=DMARC1; p=none; sp=reject")
            .Txt("_dmarc.example.com", "v=DMARC1; p=reject");
        var report = await AnalyzeAsync(dns, From("alice@news.example.com"), Report());
        Assert.Equal(["_dmarc.news.example.com"], dns.Asked);
        Assert.Equal("none", report.Dmarc!.Policy);
    }

    [Fact]
    public async Task Without_any_record_the_result_is_none()
    {
        var dns = new InMemoryDnsResolver().Txt("_dmarc.example.com", "v=spf1 -all", "some other text");
        var report = await AnalyzeAsync(dns, From("alice@www.example.com"), Report(dkim: [DkimPass("example.com")]));
        Assert.Equal(["_dmarc.www.example.com", "_dmarc.example.com"], dns.Asked);
        Assert.Equal(new DmarcVerdict("none", "www.example.com", null, "no DMARC record"), report.Dmarc);
        Assert.Equal([DmarcAnalyzer.NoPolicy], SymbolNames(report));
    }

    [Fact]
    public async Task Non_dmarc_strings_beside_one_record_are_ignored()
    {
        var dns = new InMemoryDnsResolver().Txt("_dmarc.example.com", "google-site-verification=x", "v=DMARC1; p=quarantine");
        var report = await AnalyzeAsync(dns, From("alice@example.com"), Report());
        Assert.Equal(("fail", "quarantine"), (report.Dmarc!.Result, report.Dmarc.Policy));
    }

    [Fact]
    public async Task Several_records_are_a_permanent_error_and_no_policy_applies()
    {
        var dns = new InMemoryDnsResolver().Txt("_dmarc.example.com", "v=DMARC1; p=reject", "v=DMARC1; p=none");
        var report = await AnalyzeAsync(dns, From("alice@example.com"), Report(), new DmarcOptions { HonourReject = true });
        Assert.Equal(("permerror", null), (report.Dmarc!.Result, report.Dmarc.Policy));
        Assert.Contains("2 DMARC records", report.Dmarc.Reason, StringComparison.Ordinal);
        Assert.Equal([DmarcAnalyzer.PermanentError], SymbolNames(report));
        Assert.Equal(ContentAction.None, report.ForcedAction);
    }

    [Fact]
    public async Task A_record_without_p_but_with_rua_is_treated_as_p_none()
    {
        var dns = new InMemoryDnsResolver().Txt("_dmarc.example.com", "v=DMARC1; rua=mailto:dmarc@example.com");
        var report = await AnalyzeAsync(dns, From("alice@example.com"), Report(), new DmarcOptions { HonourReject = true });
        Assert.Equal(("fail", "none"), (report.Dmarc!.Result, report.Dmarc.Policy));
        Assert.Equal([DmarcAnalyzer.FailNone], SymbolNames(report));
        Assert.Equal(ContentAction.None, report.ForcedAction);
    }

    [Fact]
    public async Task A_record_without_p_nor_rua_is_a_permanent_error()
    {
        var dns = new InMemoryDnsResolver().Txt("_dmarc.example.com", "v=DMARC1; pct=100");
        var report = await AnalyzeAsync(dns, From("alice@example.com"), Report());
        Assert.Equal("permerror", report.Dmarc!.Result);
        Assert.Contains("no p= tag", report.Dmarc.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dns_failure_is_a_temporary_error()
    {
        var dns = new InMemoryDnsResolver().Failing("_dmarc.example.com");
        var report = await AnalyzeAsync(dns, From("alice@example.com"), Report(), new DmarcOptions { HonourReject = true });
        Assert.Equal("temperror", report.Dmarc!.Result);
        Assert.Equal([DmarcAnalyzer.TemporaryError], SymbolNames(report));
        Assert.Equal(ContentAction.None, report.ForcedAction);
    }

    [Fact]
    public async Task An_aligned_dkim_temperror_without_any_pass_is_a_temporary_error_not_a_fail()
    {
        var dns = new InMemoryDnsResolver().Txt("_dmarc.example.com", "v=DMARC1; p=reject");
        var report = await AnalyzeAsync(dns, From("alice@example.com"),
            Report(dkim: [new DkimVerdict("temperror", "example.com", "s1", "rsa-sha256")]), new DmarcOptions { HonourReject = true });
        Assert.Equal("temperror", report.Dmarc!.Result);
        Assert.Equal(ContentAction.None, report.ForcedAction);
    }

    [Theory]
    [InlineData(49, "reject", DmarcAnalyzer.FailReject)]
    [InlineData(50, "quarantine", DmarcAnalyzer.FailQuarantine)]
    public async Task Pct_samples_failing_messages_and_the_unsampled_get_the_milder_policy(int sample, string policy, string symbol)
    {
        var dns = new InMemoryDnsResolver().Txt("_dmarc.example.com", "v=DMARC1; p=reject; pct=50");
        var report = await AnalyzeAsync(dns, From("alice@example.com"), Report(), sampler: () => sample);
        Assert.Equal(("fail", policy), (report.Dmarc!.Result, report.Dmarc.Policy));
        Assert.Equal([symbol], SymbolNames(report));
        var entry = Assert.Single(report.AuthResults);
        Assert.Contains(new KeyValuePair<string, string>("policy.applied-disposition", policy), entry.Properties);
    }

    [Fact]
    public async Task Pct_zero_never_applies_quarantine()
    {
        var dns = new InMemoryDnsResolver().Txt("_dmarc.example.com", "v=DMARC1; p=quarantine; pct=0");
        var report = await AnalyzeAsync(dns, From("alice@example.com"), Report());
        Assert.Equal(("fail", "none"), (report.Dmarc!.Result, report.Dmarc.Policy));
        Assert.Equal(ContentAction.None, report.ForcedAction);
    }

    [Theory]
    [InlineData(true, true, ContentAction.Reject)]
    [InlineData(true, false, ContentAction.Reject)]
    [InlineData(false, true, ContentAction.Spam)]
    [InlineData(false, false, ContentAction.None)]
    public async Task A_reject_is_forced_only_when_honoured(bool honourReject, bool honourQuarantine, ContentAction expected)
    {
        var dns = new InMemoryDnsResolver().Txt("_dmarc.example.com", "v=DMARC1; p=reject");
        var report = await AnalyzeAsync(dns, From("alice@example.com"), Report(),
            new DmarcOptions { HonourReject = honourReject, HonourQuarantine = honourQuarantine });
        Assert.Equal(expected, report.ForcedAction);
        if (expected == ContentAction.Reject) Assert.Equal(["DMARC policy reject for example.com"], report.ForcedActionReasons);
    }

    [Theory]
    [InlineData(true, ContentAction.Spam)]
    [InlineData(false, ContentAction.None)]
    public async Task A_quarantine_is_forced_as_spam_only_when_honoured(bool honourQuarantine, ContentAction expected)
    {
        var dns = new InMemoryDnsResolver().Txt("_dmarc.example.com", "v=DMARC1; p=quarantine");
        var report = await AnalyzeAsync(dns, From("alice@example.com"), Report(), new DmarcOptions { HonourQuarantine = honourQuarantine });
        Assert.Equal(expected, report.ForcedAction);
        var entry = Assert.Single(report.AuthResults);
        Assert.Equal(("fail", "no SPF or DKIM pass"), (entry.Result, entry.Reason));
        Assert.Equal(
            [new("header.from", "example.com"), new("policy.dmarc", "quarantine"), new("policy.applied-disposition", "quarantine")],
            entry.Properties);
    }

    [Fact]
    public async Task An_arc_pass_keeps_a_reject_from_being_forced()
    {
        var dns = new InMemoryDnsResolver().Txt("_dmarc.example.com", "v=DMARC1; p=reject");
        var report = await AnalyzeAsync(dns, From("alice@example.com"), Report(arc: new ArcVerdict("pass", 2)),
            new DmarcOptions { HonourReject = true });
        Assert.Equal([DmarcAnalyzer.FailReject, DmarcAnalyzer.ArcOverride], SymbolNames(report));
        Assert.Equal(ContentAction.Spam, report.ForcedAction);

        report = await AnalyzeAsync(dns, From("alice@example.com"), Report(arc: new ArcVerdict("fail", 2)), new DmarcOptions { HonourReject = true });
        Assert.Equal(ContentAction.Reject, report.ForcedAction);
    }

    [Theory]
    [InlineData("From: a@example.com\r\nFrom: b@example.com")]
    [InlineData("From: a@example.com, b@example.com")]
    [InlineData("From: friends: a@example.com;")]
    [InlineData("From: undisclosed")]
    [InlineData("Sender: a@example.com")]
    [InlineData("From: a@[192.0.2.1]")]
    public async Task Without_exactly_one_from_address_there_is_no_evaluation(string headers)
    {
        var dns = new InMemoryDnsResolver();
        var report = await AnalyzeAsync(dns, WithHeaders(headers), Report());
        Assert.Equal([DmarcAnalyzer.BadFrom], SymbolNames(report));
        Assert.Null(report.Dmarc);
        Assert.Empty(dns.Asked);
        Assert.Equal("permerror", Assert.Single(report.AuthResults).Result);
    }

    [Fact]
    public async Task An_idn_from_domain_is_looked_up_as_a_labels()
    {
        var dns = new InMemoryDnsResolver().Txt("_dmarc.xn--85x722f.xn--55qx5d.cn", "v=DMARC1; p=none");
        var report = await AnalyzeAsync(dns, From("user@www.食狮.公司.cn"), Report(dkim: [DkimPass("xn--85x722f.xn--55qx5d.cn")]));
        Assert.Equal(["_dmarc.www.xn--85x722f.xn--55qx5d.cn", "_dmarc.xn--85x722f.xn--55qx5d.cn"], dns.Asked);
        Assert.Equal(new DmarcVerdict("pass", "www.xn--85x722f.xn--55qx5d.cn", "none"), report.Dmarc);
    }

    [Fact]
    public async Task Without_a_public_suffix_list_the_last_two_labels_are_the_organisational_domain_and_it_is_said()
    {
        var dns = new InMemoryDnsResolver().Txt("_dmarc.example.com", "v=DMARC1; p=none");
        var analyzer = new DmarcAnalyzer(dns, new DmarcOptions { PublicSuffixListPath = "/nonexistent/public_suffix_list.dat" });
        var report = Report(dkim: [DkimPass("example.com")]);
        await analyzer.AnalyzeAsync(From("alice@mail.example.com"), report, CancellationToken.None);
        Assert.Equal([DmarcAnalyzer.PublicSuffixListMissing, DmarcAnalyzer.Pass], SymbolNames(report));
    }
}
