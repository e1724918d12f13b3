using Mizugiwa.Core;

namespace Mizugiwa.Delivery.Outbound;

/// <summary>
/// Where a routed recipient goes: the MX of its domain (<c>mx:domain</c>) or a fixed next hop
/// (the route itself, <c>smtp:host:port</c>). Recipients with the same destination share a
/// connection and the per-destination connection limit.
/// </summary>
public static class Destination
{
    public static string Of(EnvelopeRecipient recipient)
    {
        if (recipient.Route != Routes.Mx) return recipient.Route ?? "local";
        int at = recipient.Mailbox.LastIndexOf('@');
        return "mx:" + (at < 0 ? "" : recipient.Mailbox[(at + 1)..].ToLowerInvariant());
    }
}
