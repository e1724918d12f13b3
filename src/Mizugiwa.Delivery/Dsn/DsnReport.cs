using Mizugiwa.Core;
using Mizugiwa.Delivery.Outbound;

namespace Mizugiwa.Delivery.Dsn;

/// <summary>The Action field of a per-recipient DSN block (RFC 3464 §2.3.3).</summary>
public enum DsnAction { Failed, Delayed, Delivered, Relayed }

/// <summary>One recipient's part of a DSN.</summary>
/// <param name="WillRetryUntil">For a delay notice: when the message expires.</param>
public sealed record DsnRecipientReport(
    EnvelopeRecipient Recipient,
    DsnAction Action,
    RecipientResult Result,
    DateTimeOffset LastAttempt,
    DateTimeOffset? WillRetryUntil = null)
{
    /// <summary>Whether the recipient's NOTIFY asks for this kind of notice (RFC 3461 §4.1; without NOTIFY: failures and delays).</summary>
    public static bool Wanted(DsnNotify notify, DsnAction action)
    {
        if (notify.HasFlag(DsnNotify.Never)) return false;
        if (notify == DsnNotify.Unspecified) return action is DsnAction.Failed or DsnAction.Delayed;
        return action switch
        {
            DsnAction.Failed => notify.HasFlag(DsnNotify.Failure),
            DsnAction.Delayed => notify.HasFlag(DsnNotify.Delay),
            _ => notify.HasFlag(DsnNotify.Success),
        };
    }
}
