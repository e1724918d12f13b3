using Microsoft.Extensions.Logging.Abstractions;
using Mizugiwa.Policy.Flow;
using Mizugiwa.Policy.Harvest;
using Mizugiwa.Policy.Pipeline;
using Mizugiwa.Policy.Tests.Flow;
using Mizugiwa.Policy.Tests.Pipeline;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.Tests.Harvest;

/// <summary>Flow control and the harvest guard in the pipeline, in the order PolicyServices is to use.</summary>
public sealed class HarvestPipelineTests
{
    private readonly HarvestFixture _f = new();
    private readonly StubCheck _later = new("rgrey", Verdict.Continue);

    private CheckPipeline Pipeline(FlowControlOptions? flow = null) =>
        new([new FlowControl(_f.Store, flow ?? new FlowControlOptions()), _f.Guard, _later], new PipelineOptions(), NullLogger<CheckPipeline>.Instance);

    [Fact]
    public async Task A_blocked_client_gets_450_before_later_checks_run_but_postmaster_still_reaches_us()
    {
        await _f.ProbeAsync("192.0.2.10", 10);
        var pipeline = Pipeline();
        var session = Contexts.Session("192.0.2.10");
        Assert.Equal(VerdictAction.Continue, (await pipeline.OnConnectAsync(session, default)).Action);

        HarvestFixture.IsBlocked(await pipeline.OnRcptAsync(Contexts.Rcpt(session), default));
        Assert.Equal(0, _later.RcptCalls);
        Assert.Equal(VerdictAction.Accept, (await pipeline.OnRcptAsync(Contexts.Rcpt(session, "postmaster@example.test"), default)).Action);
    }

    [Fact]
    public async Task A_refusal_at_connect_is_said_at_once_and_the_session_end_frees_its_slot()
    {
        var pipeline = Pipeline(new FlowControlOptions { PerAddress = new FlowLimits { Concurrent = 1 } });
        var first = Contexts.Session("192.0.2.10");
        var second = Contexts.Session("192.0.2.10");
        Assert.Equal(VerdictAction.Continue, (await pipeline.OnConnectAsync(first, default)).Action);
        Replies.Is(await pipeline.OnConnectAsync(second, default), VerdictAction.DeferDisconnect, 421, "4.7.0");

        await pipeline.OnSessionEndAsync(second, default);
        await pipeline.OnSessionEndAsync(first, default);
        Assert.Equal(0, _f.Store.Gauge("flow:concurrent:ip:192.0.2.10"));
    }
}
