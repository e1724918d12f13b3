using Mizugiwa.Core;
using Mizugiwa.Web;

namespace Mizugiwa.Tests.Web;

public sealed class DecisionMetricsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);

    private static DecisionRecord Data(string reply, string? summary, string? contentAction) =>
        new(T0, "s1", "DATA", "192.0.2.1", null, null, "a@b.test", "c@d.test", summary is null ? null : "content", summary, reply, "Q1", ContentAction: contentAction);

    [Fact]
    public void Content_scans_are_counted_by_the_action_the_filter_reported_not_by_the_summary_text()
    {
        var log = new RecordingLog();
        var metrics = new DecisionMetrics(log, TimeProvider.System);
        metrics.Record(Data("250 2.0.0 Ok", "score=9.0 action=spam symbols=X", "spam"));
        metrics.Record(Data("250 2.0.0 Ok", "score=9.0 action=spam symbols=X", "spam"));
        metrics.Record(Data("550 5.7.1 refused", "score=20 action=reject symbols=X", "reject"));
        metrics.Record(Data("250 2.0.0 Ok", "not scanned: authenticated sender", "unscanned"));
        metrics.Record(Data("250 2.0.0 Ok", "action=spam written by something else", null));
        metrics.Record(Data("451 4.3.0 write error", null, null));

        var text = metrics.RenderPrometheus();
        Assert.Contains("mizugiwa_content_scans_total{action=\"spam\"} 2\n", text);
        Assert.Contains("mizugiwa_content_scans_total{action=\"reject\"} 1\n", text);
        Assert.Contains("mizugiwa_content_scans_total{action=\"unscanned\"} 1\n", text);
        Assert.DoesNotContain("action=\"none\"", text);
        Assert.Contains("mizugiwa_smtp_decisions_total{stage=\"DATA\",outcome=\"accepted\",check=\"\"} 4\n", text);
        Assert.Contains("mizugiwa_smtp_decisions_total{stage=\"DATA\",outcome=\"rejected\",check=\"\"} 1\n", text);
        Assert.Contains("mizugiwa_smtp_decisions_total{stage=\"DATA\",outcome=\"deferred\",check=\"\"} 1\n", text);
        Assert.Equal(6, log.Records.Count);
    }

    [Fact]
    public void The_policy_servers_DUNNO_and_PREPEND_are_counted_as_accepted()
    {
        var metrics = new DecisionMetrics(new RecordingLog(), TimeProvider.System);
        foreach (var reply in new[] { "DUNNO", "PREPEND X-Envelope-Information: match S25R", "451 4.7.1 Greylisted" })
            metrics.Record(new DecisionRecord(T0, "p1", "POLICY", "192.0.2.1", null, null, "a@b.test", "c@d.test", null, null, reply, null));
        var text = metrics.RenderPrometheus();
        Assert.Contains("mizugiwa_smtp_decisions_total{stage=\"POLICY\",outcome=\"accepted\",check=\"\"} 2\n", text);
        Assert.Contains("mizugiwa_smtp_decisions_total{stage=\"POLICY\",outcome=\"deferred\",check=\"\"} 1\n", text);
        Assert.DoesNotContain("outcome=\"other\"", text);
    }

    private sealed class RecordingLog : IDecisionLog
    {
        public List<DecisionRecord> Records { get; } = [];
        public void Record(DecisionRecord decision) => Records.Add(decision);
    }
}
