using System.Net;
using Mizugiwa.Core;
using Mizugiwa.Policy.Dnsbl;
using Mizugiwa.Policy.Tests.Dns;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.Tests.Dnsbl;

public sealed class DnsblCheckTests
{
    private const string Listed = "2.0.0.127";
    private readonly FakeDnsResolver _dns = new();
    private readonly SessionContext _session = new("s1", IPAddress.Parse("127.0.0.2"));

    private DnsblCheck Check(DnsblFailureMode failureMode = DnsblFailureMode.Pass, params DnsblZone[] zones) =>
        new(new DnsblLookup(_dns, zones), new DnsblCheckOptions { Zones = zones, FailureMode = failureMode });

    private static readonly DnsblZone Reject = new() { Zone = "bl.example" };
    private static readonly DnsblZone Score = new() { Zone = "score.example", Action = DnsblAction.Score, Weight = 2.5 };

    private async Task<Verdict> ConnectThenRcptAsync(DnsblCheck check)
    {
        Assert.Equal(Verdict.Continue, await check.CheckConnectAsync(_session, CancellationToken.None));
        return await check.CheckRcptAsync(new RcptContext(_session, null, "user@example.com", RecipientStatus.Local), CancellationToken.None);
    }

    [Fact]
    public async Task Connect_starts_the_lookup_and_returns_at_once()
    {
        var gate = new TaskCompletionSource();
        _dns.Gate = gate.Task;
        var check = Check(DnsblFailureMode.Pass, Reject);

        var connect = check.CheckConnectAsync(_session, CancellationToken.None);

        Assert.True(connect.IsCompletedSuccessfully);
        Assert.Equal(Verdict.Continue, await connect);
        var lookup = _session.Get<DnsblResult>(DnsblCheck.LookupKey);
        Assert.NotNull(lookup);
        Assert.False(lookup.IsCompleted);
        gate.SetResult();
        await lookup.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Listed_in_a_reject_zone_is_rejected_at_rcpt_with_the_zone_text()
    {
        _dns.A($"{Listed}.bl.example", "127.0.0.2").Txt($"{Listed}.bl.example", "See http://bl.example/\r\nInjected: 250 ok");

        var verdict = await ConnectThenRcptAsync(Check(DnsblFailureMode.Pass, Reject));

        Assert.Equal(VerdictAction.Reject, verdict.Action);
        Assert.Equal(554, verdict.Reply!.Code);
        Assert.Equal("5.7.1", verdict.Reply.EnhancedCode);
        Assert.Equal("Service unavailable; client [127.0.0.2] blocked using bl.example; See http://bl.example/  Injected: 250 ok", verdict.Reply.Lines[0]);
        Assert.Equal("dnsbl", verdict.Check);
        Assert.Equal("bl.example", verdict.Rule);
        Assert.Equal(1, _dns.Calls("A", $"{Listed}.bl.example"));
    }

    [Fact]
    public async Task Message_template_placeholders_are_filled()
    {
        _dns.A($"{Listed}.bl.example", "127.0.0.4").Txt($"{Listed}.bl.example", "why");
        var zone = Reject with { Message = "{ip} in {zone} as {code}: {reason}" };

        var verdict = await ConnectThenRcptAsync(Check(DnsblFailureMode.Pass, zone));

        Assert.Equal("127.0.0.2 in bl.example as 127.0.0.4: why", verdict.Reply!.Lines[0]);
    }

    [Fact]
    public async Task Score_zone_adds_a_symbol_and_continues()
    {
        _dns.A($"{Listed}.score.example", "127.0.0.2");

        var verdict = await ConnectThenRcptAsync(Check(DnsblFailureMode.Pass, Reject, Score));

        Assert.Equal(VerdictAction.Continue, verdict.Action);
        var symbol = Assert.Single(verdict.Symbols);
        Assert.Equal(new Symbol("DNSBL_SCORE_EXAMPLE", 2.5), symbol);
    }

    [Fact]
    public async Task Not_listed_continues()
    {
        var verdict = await ConnectThenRcptAsync(Check(DnsblFailureMode.Defer, Reject, Score));
        Assert.Equal(Verdict.Continue, verdict);
    }

    [Fact]
    public async Task Failed_lookup_passes_by_default()
    {
        _dns.Fail<IReadOnlyList<IPAddress>>("A", $"{Listed}.bl.example");
        Assert.Equal(VerdictAction.Continue, (await ConnectThenRcptAsync(Check(DnsblFailureMode.Pass, Reject))).Action);
    }

    [Fact]
    public async Task Failed_lookup_defers_in_defer_mode()
    {
        _dns.Fail<IReadOnlyList<IPAddress>>("A", $"{Listed}.bl.example");

        var verdict = await ConnectThenRcptAsync(Check(DnsblFailureMode.Defer, Reject));

        Assert.Equal(VerdictAction.Defer, verdict.Action);
        Assert.Equal(451, verdict.Reply!.Code);
        Assert.Equal("4.7.1", verdict.Reply.EnhancedCode);
    }

    [Fact]
    public async Task A_listing_outweighs_a_failure_of_another_zone()
    {
        _dns.Fail<IReadOnlyList<IPAddress>>("A", $"{Listed}.score.example").A($"{Listed}.bl.example", "127.0.0.2");
        Assert.Equal(VerdictAction.Reject, (await ConnectThenRcptAsync(Check(DnsblFailureMode.Defer, Reject, Score))).Action);
    }

    [Fact]
    public async Task Rcpt_without_connect_starts_the_lookup_itself()
    {
        _dns.A($"{Listed}.bl.example", "127.0.0.2");
        var verdict = await Check(DnsblFailureMode.Pass, Reject)
            .CheckRcptAsync(new RcptContext(_session, null, "user@example.com", RecipientStatus.Local), CancellationToken.None);
        Assert.Equal(VerdictAction.Reject, verdict.Action);
    }

    [Fact]
    public async Task Authenticated_sessions_are_not_checked()
    {
        _dns.A($"{Listed}.bl.example", "127.0.0.2");
        _session.Authenticated = true;

        Assert.Equal(Verdict.Continue, await ConnectThenRcptAsync(Check(DnsblFailureMode.Pass, Reject)));
        Assert.Equal(0, _dns.TotalCalls);
    }

    [Theory]
    [InlineData("zen.spamhaus.org", null, "DNSBL_ZEN_SPAMHAUS_ORG")]
    [InlineData("b.barracudacentral.org.", null, "DNSBL_B_BARRACUDACENTRAL_ORG")]
    [InlineData("bl.example", "RBL_CUSTOM", "RBL_CUSTOM")]
    public void Symbol_names(string zone, string? symbol, string expected) =>
        Assert.Equal(expected, DnsblCheck.SymbolName(new DnsblZone { Zone = zone, Symbol = symbol }));
}
