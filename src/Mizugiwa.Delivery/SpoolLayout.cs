namespace Mizugiwa.Delivery;

/// <summary>
/// The spool's files, all in <c>queue/</c>: <c>&lt;id&gt;.msg</c> holds a message and its envelope
/// (see <see cref="QueueFile"/>), <c>&lt;id&gt;.done</c> the mailboxes it has been delivered to
/// (see <see cref="DeliveryLog"/>).
/// </summary>
internal sealed class SpoolLayout(string spoolDirectory)
{
    public const string MessageExtension = ".msg";
    public const string DoneExtension = ".done";

    public string Queue { get; } = Path.Combine(spoolDirectory, "queue");

    public string Message(string queueId) => Path.Combine(Queue, queueId + MessageExtension);
    public string Done(string queueId) => Path.Combine(Queue, queueId + DoneExtension);
}
