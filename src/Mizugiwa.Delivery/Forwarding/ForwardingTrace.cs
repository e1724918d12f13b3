namespace Mizugiwa.Delivery.Forwarding;

/// <summary>
/// Why a message must not be forwarded again (a loop), read from its header: a Delivered-To naming
/// the mailbox (the copy we forwarded came back) or more Received headers than allowed (RFC 5321 §6.3).
/// </summary>
internal static class ForwardingTrace
{
    public const string DeliveredTo = "Delivered-To";

    public static string? LoopReason(HeaderBlock? header, string mailbox, int maxReceivedHops)
    {
        if (header is null) return null;
        if (header.Values(DeliveredTo).Any(v => v.Trim('<', '>', ' ').Equals(mailbox, StringComparison.OrdinalIgnoreCase)))
            return $"loop: the message already carries {DeliveredTo}: {mailbox}";
        var hops = header.Values("Received").Count();
        return hops > maxReceivedHops ? $"loop: {hops} Received headers (more than {maxReceivedHops})" : null;
    }
}
