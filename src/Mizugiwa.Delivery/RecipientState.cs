using Mizugiwa.Delivery.Outbound;

namespace Mizugiwa.Delivery;

/// <summary>A pending recipient's retry state, kept in memory for as long as its message is queued in this process.</summary>
internal sealed class RecipientState
{
    public int Attempts { get; set; }

    /// <summary>Not tried before this time unless the queue is flushed; MinValue = at once.</summary>
    public DateTimeOffset NextAttempt { get; set; } = DateTimeOffset.MinValue;

    public RecipientResult? LastResult { get; set; }
}
