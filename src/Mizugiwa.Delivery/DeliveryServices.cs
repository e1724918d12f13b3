using Mizugiwa.Core;
using Mizugiwa.Delivery.Dsn;
using Mizugiwa.Delivery.Outbound;

namespace Mizugiwa.Delivery;

/// <summary>
/// What the queue manager uses besides Maildirs: the outbound agent for routed recipients, the
/// directory (a local mailbox that no longer exists bounces), and the DSN sender. Without an agent
/// routed recipients stay deferred; without a DSN sender no notices are sent.
/// </summary>
public sealed record DeliveryServices(OutboundOptions Outbound, OutboundAgent? Agent, IRecipientDirectory? Directory, DsnSender? Dsn)
{
    /// <summary>Where each delivery attempt's outcome is recorded (stage DELIVERY), next to the SMTP decisions; null for none.</summary>
    public IDecisionLog? DecisionLog { get; init; }

    /// <summary>Forwarding of local mailboxes at final delivery; null: none is done (mail stays in the mailbox).</summary>
    public Forwarding.ForwardingServices? Forwarding { get; init; }

    /// <summary>Maildir delivery only, retried forever, no DSNs (the queue as it was before outbound delivery).</summary>
    public static DeliveryServices LocalOnly { get; } = new(
        new OutboundOptions { MaxQueueAge = TimeSpan.MaxValue, DelayNoticeAfter = TimeSpan.Zero }, null, null, null);
}
