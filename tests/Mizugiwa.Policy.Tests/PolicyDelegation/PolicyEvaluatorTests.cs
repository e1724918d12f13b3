using System.Text;
using Mizugiwa.Core;
using Mizugiwa.Policy.Client;
using Mizugiwa.Policy.PolicyDelegation;
using Mizugiwa.Smtp;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.Tests.PolicyDelegation;

public sealed class PolicyEvaluatorTests
{
    private static PolicyRequest Parse(string text)
    {
        var parser = new PolicyRequestParser(new PolicyDelegationOptions());
        var buffer = new System.Buffers.ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(text));
        Assert.Equal(PolicyParseResult.Complete, parser.Parse(ref buffer));
        return parser.Request!;
    }

    private static ValueTask<PolicyDecision> Decide(FakePolicy policy, string text) =>
        new PolicyEvaluator(policy).DecideAsync(Parse(text), "c1.1", CancellationToken.None);

    private static readonly SmtpReply Greylisted = new(451, "4.7.1", "Greylisted, please try again later");

    [Fact]
    public async Task A_rcpt_request_runs_all_four_stages_in_order_with_the_session_from_the_attributes()
    {
        var policy = new FakePolicy();
        var decision = await Decide(policy, PolicyRequests.Text(address: "192.0.2.44", name: "mail.good.example", helo: "mail.good.example",
            sender: "Someone@Remote.Example", recipient: "alice@example.test"));

        Assert.Equal("DUNNO", decision.Action);
        Assert.Equal(["CONNECT", "HELO", "MAIL", "RCPT"], policy.Stages);
        var rcpt = Assert.Single(policy.Recipients);
        Assert.Equal(RecipientStatus.Local, rcpt.Status);
        Assert.Equal("alice@example.test", rcpt.RecipientText);
        var session = rcpt.Session;
        Assert.Equal("192.0.2.44", session.ClientAddress.ToString());
        Assert.Equal("mail.good.example", session.ClientName);
        Assert.Equal("mail.good.example", session.Helo);
        Assert.Equal("Someone@remote.example", session.Sender);
        Assert.False(session.Authenticated);
        Assert.Equal("c1.1", session.SessionId);
    }

    [Fact]
    public async Task The_client_name_from_postfix_is_final_no_lookup_is_needed()
    {
        var policy = new FakePolicy();
        await Decide(policy, PolicyRequests.Text(name: "unknown"));
        var session = policy.Recipients[0].Session;
        Assert.Equal("unknown", await ClientName.GetAsync(session));
        // A lookup started by the pipeline's connect check finds the answer already there.
        var started = session.Start<string?>(ClientName.LookupKey, () => throw new InvalidOperationException("no DNS lookup expected"));
        Assert.Equal("unknown", await started);
    }

    [Theory]
    [InlineData("CONNECT")]
    [InlineData("MAIL")]
    [InlineData("DATA")]
    [InlineData("END-OF-MESSAGE")]
    public async Task Only_rcpt_requests_are_judged(string state)
    {
        var policy = new FakePolicy { Rcpt = _ => Verdict.Defer(Greylisted, "rgrey") };
        var decision = await Decide(policy, PolicyRequests.Text(state: state));
        Assert.Equal("DUNNO", decision.Action);
        Assert.False(decision.Judged);
        Assert.Empty(policy.Stages);
    }

    [Fact]
    public async Task A_client_address_that_is_not_an_ip_is_not_judged()
    {
        var policy = new FakePolicy();
        var decision = await Decide(policy, PolicyRequests.Text(address: "unknown"));
        Assert.Equal("DUNNO", decision.Action);
        Assert.Contains("client_address", decision.Note);
        Assert.Empty(policy.Stages);
    }

    [Fact]
    public async Task A_deferral_at_rcpt_becomes_the_reply()
    {
        var decision = await Decide(new FakePolicy { Rcpt = _ => Verdict.Defer(Greylisted, "rgrey", "S25R rule0") }, PolicyRequests.Text());
        Assert.Equal("451 4.7.1 Greylisted, please try again later", decision.Action);
        Assert.Equal("S25R rule0", decision.Verdict!.Rule);
    }

    [Fact]
    public async Task A_refusal_at_an_earlier_stage_ends_the_request_there()
    {
        var policy = new FakePolicy { Helo = Verdict.Reject(new SmtpReply(554, "5.7.1", "<mx.example.test>: Helo command rejected: that is my name"), "helo", "own-name") };
        var decision = await Decide(policy, PolicyRequests.Text());
        Assert.Equal("554 5.7.1 <mx.example.test>: Helo command rejected: that is my name", decision.Action);
        Assert.Equal(["CONNECT", "HELO"], policy.Stages);
    }

    [Fact]
    public async Task A_pass_with_a_header_is_prepended()
    {
        var pass = Verdict.Continue with { Check = "rgrey", Rule = "S25R rule1; passed", Headers = [new AddedHeader("X-Envelope-Information", "match S25R")] };
        var decision = await Decide(new FakePolicy { Rcpt = _ => pass }, PolicyRequests.Text());
        Assert.Equal("PREPEND X-Envelope-Information: match S25R", decision.Action);
        Assert.Equal("rgrey", decision.Verdict!.Check);
    }

    [Fact]
    public async Task An_accept_is_dunno_and_names_the_check_that_decided()
    {
        var decision = await Decide(new FakePolicy { Connect = Verdict.Accept("trusted-networks", "192.0.2.0/24") }, PolicyRequests.Text());
        Assert.Equal("DUNNO", decision.Action);
        Assert.Equal("trusted-networks", decision.Verdict!.Check);
    }

    [Fact]
    public async Task Sasl_login_marks_the_session_authenticated()
    {
        var policy = new FakePolicy();
        await Decide(policy, PolicyRequests.Text(extra: "sasl_username=alice\n"));
        Assert.True(policy.Recipients[0].Session.Authenticated);
    }

    [Fact]
    public async Task Only_a_bare_postmaster_recipient_has_no_address()
    {
        var policy = new FakePolicy();
        await Decide(policy, PolicyRequests.Text(recipient: "postmaster"));
        await Decide(policy, PolicyRequests.Text(recipient: "not an address@example.test"));
        Assert.Null(policy.Recipients[0].Recipient);
        Assert.NotNull(policy.Recipients[1].Recipient);
        Assert.Equal("example.test", policy.Recipients[1].Recipient!.Domain);
    }

    [Fact]
    public async Task Ipv4_mapped_addresses_are_seen_as_ipv4()
    {
        var policy = new FakePolicy();
        await Decide(policy, PolicyRequests.Text(address: "::ffff:192.0.2.7"));
        Assert.Equal("192.0.2.7", policy.Recipients[0].Session.ClientAddress.ToString());
    }
}
