namespace Mizugiwa.Delivery;

/// <summary>
/// The spool's files: <c>incoming/</c> holds messages being received (never acknowledged),
/// <c>queue/</c> the committed ones, each as <c>&lt;id&gt;.eml</c> (content) and <c>&lt;id&gt;.json</c> (envelope).
/// </summary>
internal sealed class SpoolLayout(string spoolDirectory)
{
    public string Incoming { get; } = Path.Combine(spoolDirectory, "incoming");
    public string Queue { get; } = Path.Combine(spoolDirectory, "queue");

    public string IncomingContent(string queueId) => Path.Combine(Incoming, queueId + ".eml");
    public string IncomingEnvelope(string queueId) => Path.Combine(Incoming, queueId + ".json");
    public string QueuedContent(string queueId) => Path.Combine(Queue, queueId + ".eml");
    public string QueuedEnvelope(string queueId) => Path.Combine(Queue, queueId + ".json");
}
