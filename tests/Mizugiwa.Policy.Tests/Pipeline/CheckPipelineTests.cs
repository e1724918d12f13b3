using Microsoft.Extensions.Logging.Abstractions;
using Mizugiwa.Policy.Pipeline;
using Mizugiwa.Smtp;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.Tests.Pipeline;

public sealed class CheckPipelineTests
{
    private static readonly SmtpReply Refusal = new(554, "5.7.1", "no");

    private static CheckPipeline Pipeline(PipelineOptions? options = null, params ICheck[] checks) =>
        new(checks, options ?? new PipelineOptions(), NullLogger<CheckPipeline>.Instance);

    [Fact]
    public async Task Failure_at_connect_is_held_until_rcpt()
    {
        var pipeline = Pipeline(null, new StubCheck("dnsbl", Verdict.Reject(Refusal, "dnsbl", "zen")));
        var session = Contexts.Session();
        Assert.Equal(VerdictAction.Continue, (await pipeline.OnConnectAsync(session, default)).Action);
        var verdict = await pipeline.OnRcptAsync(Contexts.Rcpt(session), default);
        Assert.Equal(VerdictAction.Reject, verdict.Action);
        Assert.Equal("dnsbl", verdict.Check);
        Assert.Equal("zen", verdict.Rule);
    }

    [Fact]
    public async Task Without_delayed_rejection_the_failure_is_given_at_once()
    {
        var pipeline = Pipeline(new PipelineOptions { DelayReject = false }, new StubCheck("dnsbl", Verdict.Reject(Refusal, "dnsbl")));
        Assert.Equal(VerdictAction.Reject, (await pipeline.OnConnectAsync(Contexts.Session(), default)).Action);
    }

    [Fact]
    public async Task Disconnect_verdicts_are_never_held()
    {
        var pipeline = Pipeline(null, new StubCheck("flood", new Verdict(VerdictAction.DeferDisconnect, new SmtpReply(421, "4.7.0", "later"))));
        Assert.Equal(VerdictAction.DeferDisconnect, (await pipeline.OnConnectAsync(Contexts.Session(), default)).Action);
    }

    [Fact]
    public async Task Postmaster_is_exempt_from_held_verdicts()
    {
        var pipeline = Pipeline(null, new StubCheck("dnsbl", Verdict.Reject(Refusal, "dnsbl")));
        var session = Contexts.Session();
        await pipeline.OnConnectAsync(session, default);
        Assert.Equal(VerdictAction.Accept, (await pipeline.OnRcptAsync(Contexts.Rcpt(session, "postmaster@example.test"), default)).Action);
        Assert.Equal(VerdictAction.Reject, (await pipeline.OnRcptAsync(Contexts.Rcpt(session), default)).Action);
    }

    [Fact]
    public async Task First_decisive_check_wins_and_later_checks_do_not_run()
    {
        var first = new StubCheck("a", Verdict.Continue, Verdict.Defer(new SmtpReply(451, "4.7.1", "grey"), "a"));
        var second = new StubCheck("b", Verdict.Continue, Verdict.Reject(Refusal, "b"));
        var verdict = await Pipeline(null, first, second).OnRcptAsync(Contexts.Rcpt(Contexts.Session()), default);
        Assert.Equal(VerdictAction.Defer, verdict.Action);
        Assert.Equal(0, second.RcptCalls);
    }

    [Fact]
    public async Task Headers_and_symbols_of_passing_checks_are_kept()
    {
        var tagging = new StubCheck("rgrey", Verdict.Continue, Verdict.Continue with
        {
            Check = "rgrey",
            Headers = [new AddedHeader("X-Envelope-Information", "match S25R")],
            Symbols = [new Symbol("S25R", 1)],
        });
        var verdict = await Pipeline(null, tagging, new StubCheck("other", Verdict.Continue)).OnRcptAsync(Contexts.Rcpt(Contexts.Session()), default);
        Assert.Equal(VerdictAction.Continue, verdict.Action);
        Assert.Equal("match S25R", Assert.Single(verdict.Headers).Value);
        Assert.Equal("S25R", Assert.Single(verdict.Symbols).Name);
    }

    [Theory]
    [InlineData(CheckFailureMode.Defer, VerdictAction.Defer)]
    [InlineData(CheckFailureMode.Pass, VerdictAction.Continue)]
    public async Task A_failing_check_follows_the_failure_mode(CheckFailureMode mode, VerdictAction expected)
    {
        var verdict = await Pipeline(new PipelineOptions { OnCheckFailure = mode }, new ThrowingCheck()).OnRcptAsync(Contexts.Rcpt(Contexts.Session()), default);
        Assert.Equal(expected, verdict.Action);
    }

    [Fact]
    public async Task A_tarpit_delay_survives_later_checks()
    {
        var tarpit = new StubCheck("harvest", Verdict.Continue, Verdict.Continue with { Delay = TimeSpan.FromSeconds(3) });
        var verdict = await Pipeline(null, tarpit, new StubCheck("rgrey", Verdict.Continue)).OnRcptAsync(Contexts.Rcpt(Contexts.Session()), default);
        Assert.Equal(TimeSpan.FromSeconds(3), verdict.Delay);
    }

    [Fact]
    public async Task A_lazy_list_of_checks_gives_one_instance_per_check_for_all_stages()
    {
        var created = 0;
        IEnumerable<ICheck> Checks()
        {
            created++;
            yield return new StubCheck("counting", Verdict.Continue);
        }
        var pipeline = Pipeline(null, [.. Checks()]);
        await pipeline.OnConnectAsync(Contexts.Session(), default);
        await pipeline.OnRcptAsync(Contexts.Rcpt(Contexts.Session()), default);
        Assert.Equal(1, created);
        var lazy = new CheckPipeline(Checks(), new PipelineOptions(), Microsoft.Extensions.Logging.Abstractions.NullLogger<CheckPipeline>.Instance);
        await lazy.OnConnectAsync(Contexts.Session(), default);
        Assert.Equal(2, created);
    }
}
