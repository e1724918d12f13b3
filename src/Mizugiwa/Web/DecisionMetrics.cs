using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Mizugiwa.Core;

namespace Mizugiwa.Web;

/// <summary>
/// Counts every SMTP decision by stage, outcome and check, and passes it on to the transaction log.
/// Counting is a dictionary lookup and an interlocked add, cheap enough for the session's hot path.
/// </summary>
public sealed class DecisionMetrics(IDecisionLog inner, TimeProvider time) : IDecisionLog
{
    private readonly ConcurrentDictionary<(string Stage, string Outcome, string Check), StrongBox> _decisions = new();
    private readonly ConcurrentDictionary<string, StrongBox> _contentActions = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _started = time.GetUtcNow();

    public void Record(DecisionRecord decision)
    {
        var outcome = Mizugiwa.Storage.DecisionLogQuery.OutcomeOf(decision.Reply);
        var check = decision.Check ?? "";
        Interlocked.Increment(ref _decisions.GetOrAdd((decision.Stage, outcome, check == "content" ? "" : check), _ => new StrongBox()).Value);
        if (decision.ContentAction is { } action)
            Interlocked.Increment(ref _contentActions.GetOrAdd(action, _ => new StrongBox()).Value);
        inner.Record(decision);
    }

    /// <summary>The counters in the Prometheus text exposition format (version 0.0.4).</summary>
    public string RenderPrometheus()
    {
        var text = new StringBuilder();
        text.Append("# HELP mizugiwa_smtp_decisions_total SMTP replies by stage, outcome (accepted, deferred, rejected) and the check that decided.\n");
        text.Append("# TYPE mizugiwa_smtp_decisions_total counter\n");
        foreach (var ((stage, outcome, check), count) in _decisions.OrderBy(p => p.Key))
            text.Append(CultureInfo.InvariantCulture, $"mizugiwa_smtp_decisions_total{{stage=\"{Escape(stage)}\",outcome=\"{outcome}\",check=\"{Escape(check)}\"}} {Volatile.Read(ref count.Value)}\n");
        text.Append("# HELP mizugiwa_content_scans_total Messages scanned by the content level, by action (none, spam, reject) or not scanned.\n");
        text.Append("# TYPE mizugiwa_content_scans_total counter\n");
        foreach (var (action, count) in _contentActions.OrderBy(p => p.Key, StringComparer.Ordinal))
            text.Append(CultureInfo.InvariantCulture, $"mizugiwa_content_scans_total{{action=\"{Escape(action)}\"}} {Volatile.Read(ref count.Value)}\n");
        text.Append("# HELP mizugiwa_uptime_seconds Seconds since the server started.\n# TYPE mizugiwa_uptime_seconds gauge\n");
        text.Append(CultureInfo.InvariantCulture, $"mizugiwa_uptime_seconds {(time.GetUtcNow() - _started).TotalSeconds:0.###}\n");
        return text.ToString();
    }


    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private sealed class StrongBox
    {
        public long Value;
    }
}
