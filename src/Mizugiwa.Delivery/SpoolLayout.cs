namespace Mizugiwa.Delivery;

/// <summary>
/// The spool's files, all in <c>queue/</c>: <c>&lt;id&gt;.msg</c> holds a message and its envelope
/// (see <see cref="QueueFile"/>), <c>&lt;id&gt;.done</c> the mailboxes it has been delivered to
/// (see <see cref="DeliveryLog"/>), <c>&lt;id&gt;.hold</c> marks a message on hold (see
/// <see cref="Admin.QueueAdmin"/>), <c>&lt;id&gt;.status</c> the last attempt's result per pending
/// recipient (informational, see <see cref="StatusFile"/>). <c>spool/flush</c> asks a running
/// queue manager to retry everything at its next scan.
/// </summary>
internal sealed class SpoolLayout(string spoolDirectory)
{
    public const string MessageExtension = ".msg";
    public const string DoneExtension = ".done";
    public const string HoldExtension = ".hold";
    public const string StatusExtension = ".status";

    public string Queue { get; } = Path.Combine(spoolDirectory, "queue");

    public string FlushRequest { get; } = Path.Combine(spoolDirectory, "flush");

    public string Message(string queueId) => Path.Combine(Queue, queueId + MessageExtension);
    public string Done(string queueId) => Path.Combine(Queue, queueId + DoneExtension);
    public string Hold(string queueId) => Path.Combine(Queue, queueId + HoldExtension);
    public string Status(string queueId) => Path.Combine(Queue, queueId + StatusExtension);
}
