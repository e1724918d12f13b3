using Mizugiwa.Policy.Gateway;

namespace Mizugiwa.Policy.Tests.Gateway;

/// <summary>Answers probes from a table (default: temporary), counting them; an optional gate holds every probe until opened.</summary>
internal sealed class FakeProber : IRecipientProber
{
    private int _calls;
    public Dictionary<string, ProbeOutcome> Answers { get; } = new(StringComparer.OrdinalIgnoreCase);
    public TaskCompletionSource? Gate { get; set; }
    public int Calls => Volatile.Read(ref _calls);
    public List<NextHop> Hops { get; } = [];

    public async Task<ProbeResult> ProbeAsync(NextHop hop, string address, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        lock (Hops) Hops.Add(hop);
        if (Gate is { } gate) await gate.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        var outcome = Answers.TryGetValue(address, out var answer) ? answer : ProbeOutcome.Temporary;
        var reply = outcome switch
        {
            ProbeOutcome.Accepted => "250 2.1.5 Ok",
            ProbeOutcome.Rejected => "550 5.1.1 User unknown",
            _ => "451 4.3.0 try later",
        };
        return new ProbeResult(outcome, reply);
    }
}
