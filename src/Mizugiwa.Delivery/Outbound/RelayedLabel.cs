using System.Text;
using Mizugiwa.Core;

namespace Mizugiwa.Delivery.Outbound;

/// <summary>
/// The message as a relayed recipient (gateway mode) receives it: the headers the content level added for
/// that recipient (Authentication-Results, the spam label) on top and the Subject tag, as local delivery
/// writes them. Made in memory from the header section; the rest of the queue file is sent as it is.
/// </summary>
internal static class RelayedLabel
{
    /// <summary>What a recipient's copy adds to the message; recipients with the same label can share one transaction.</summary>
    public static (string Headers, string SubjectTag) Of(EnvelopeRecipient recipient) =>
        (recipient.AddedHeaders ?? "", recipient.SubjectTag ?? "");

    public static async Task<OutboundMessage> ApplyAsync(OutboundMessage message, EnvelopeRecipient recipient, CancellationToken cancellationToken)
    {
        var (headers, tag) = Of(recipient);
        if (headers.Length == 0 && tag.Length == 0) return message;
        var added = Encoding.UTF8.GetBytes(headers);
        var tagged = tag.Length > 0 ? await SubjectTag.TagFileHeaderAsync(message.ContentPath, message.ContentLength, tag, cancellationToken) : null;
        return tagged is { } t
            ? message with { Head = (byte[])[.. added, .. t.Header], ReplacedLength = t.Replaces }
            : message with { Head = added, ReplacedLength = 0 };
    }
}
