using Mizugiwa.Policy.Rgrey;
using Mizugiwa.Policy.S25r;
using Mizugiwa.Policy.Tests.Greylist;
using Mizugiwa.Policy.Tests.Pipeline;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.Tests.Rgrey;

public sealed class RgreyCheckTests : IDisposable
{
    private const string Dynamic = "adsl-1-2-3-9.dyn.example.net";
    private const string Server = "mail.example.org";
    private readonly GreylistFixture _grey = new();

    public void Dispose() => _grey.Dispose();

    private RgreyCheck Check(RgreyMode mode) => new(mode, S25rRules.Default, _grey.Greylister, "X-Envelope-Information");

    private static RcptContext Rcpt(string? clientName, string ip = "192.0.2.9")
    {
        var session = Contexts.Session(ip, clientName);
        session.Sender = "someone@sender.example";
        return Contexts.Rcpt(session);
    }

    [Fact]
    public async Task S25r_host_is_greylisted_then_passes_with_the_header()
    {
        var check = Check(RgreyMode.Rgrey);
        var first = await check.CheckRcptAsync(Rcpt(Dynamic), default);
        Assert.Equal(VerdictAction.Defer, first.Action);
        Assert.Equal(451, first.Reply!.Code);
        Assert.Equal("4.7.1", first.Reply.EnhancedCode);
        Assert.StartsWith("S25R rule", first.Rule);

        _grey.Advance(TimeSpan.FromSeconds(301));
        var retry = await check.CheckRcptAsync(Rcpt(Dynamic), default);
        Assert.Equal(VerdictAction.Continue, retry.Action);
        var header = Assert.Single(retry.Headers);
        Assert.Equal("X-Envelope-Information", header.Name);
        Assert.Equal("match S25R", header.Value);
    }

    [Fact]
    public async Task Host_with_a_proper_name_is_never_delayed_in_rgrey_mode()
    {
        var verdict = await Check(RgreyMode.Rgrey).CheckRcptAsync(Rcpt(Server), default);
        Assert.Equal(VerdictAction.Continue, verdict.Action);
        Assert.Empty(verdict.Headers);
    }

    [Fact]
    public async Task No_ptr_is_rule_0_and_a_dns_failure_is_greylisted_too()
    {
        Assert.Equal("S25R rule0", (await Check(RgreyMode.Rgrey).CheckRcptAsync(Rcpt("unknown"), default)).Rule);
        Assert.Equal(VerdictAction.Defer, (await Check(RgreyMode.Rgrey).CheckRcptAsync(Rcpt(null, "198.51.100.1"), default)).Action);
    }

    [Fact]
    public async Task S25r_only_mode_answers_450_and_never_lets_through()
    {
        var check = Check(RgreyMode.S25rOnly);
        Assert.Equal(450, (await check.CheckRcptAsync(Rcpt(Dynamic), default)).Reply!.Code);
        _grey.Advance(TimeSpan.FromHours(1));
        Assert.Equal(450, (await check.CheckRcptAsync(Rcpt(Dynamic), default)).Reply!.Code);
        Assert.Equal(VerdictAction.Continue, (await check.CheckRcptAsync(Rcpt(Server), default)).Action);
    }

    [Fact]
    public async Task Greylist_all_delays_proper_servers_too_but_adds_no_header_for_them()
    {
        var check = Check(RgreyMode.GreylistAll);
        Assert.Equal(VerdictAction.Defer, (await check.CheckRcptAsync(Rcpt(Server), default)).Action);
        _grey.Advance(TimeSpan.FromSeconds(301));
        var retry = await check.CheckRcptAsync(Rcpt(Server), default);
        Assert.Equal(VerdictAction.Continue, retry.Action);
        Assert.Empty(retry.Headers);
    }

    [Fact]
    public async Task Off_trusted_and_authenticated_are_left_alone()
    {
        Assert.Equal(VerdictAction.Continue, (await Check(RgreyMode.Off).CheckRcptAsync(Rcpt(Dynamic), default)).Action);
        var trusted = Rcpt(Dynamic);
        trusted.Session.TrustedBy = "allow client 192.0.2.9";
        Assert.Equal(VerdictAction.Continue, (await Check(RgreyMode.Rgrey).CheckRcptAsync(trusted, default)).Action);
        var authenticated = Rcpt(Dynamic);
        authenticated.Session.Authenticated = true;
        Assert.Equal(VerdictAction.Continue, (await Check(RgreyMode.Rgrey).CheckRcptAsync(authenticated, default)).Action);
    }
}
