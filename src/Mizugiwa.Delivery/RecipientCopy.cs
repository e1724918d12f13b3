using System.Text;
using Mizugiwa.Core;
using Mizugiwa.Delivery.Outbound;

namespace Mizugiwa.Delivery;

/// <summary>
/// The message as one recipient receives it, for local delivery, a forwarded copy and a relay alike: header
/// lines added for them on top (Return-Path or Delivered-To, Authentication-Results, the spam label) and their
/// Subject tag. Made in memory from the header section (<see cref="OutboundMessage.Head"/>); the rest of the
/// queue file is read as it is, never copied first.
/// </summary>
internal static class RecipientCopy
{
    /// <summary>What a recipient's copy adds to the message; recipients with the same label can share one transaction.</summary>
    public static (string Headers, string SubjectTag) LabelOf(EnvelopeRecipient recipient) =>
        (recipient.AddedHeaders ?? "", recipient.SubjectTag ?? "");

    /// <param name="headers">Header lines ("Name: value\r\n" each) to put on top.</param>
    /// <param name="subjectTag">Put before the Subject; null or empty for none.</param>
    public static async Task<OutboundMessage> MakeAsync(OutboundMessage message, string headers, string? subjectTag, CancellationToken cancellationToken)
    {
        if (headers.Length == 0 && string.IsNullOrEmpty(subjectTag)) return message;
        var added = Encoding.UTF8.GetBytes(headers);
        var tagged = subjectTag is { Length: > 0 } tag ? await SubjectTag.TagFileHeaderAsync(message.ContentPath, message.ContentLength, tag, cancellationToken) : null;
        return tagged is { } t
            ? message with { Head = (byte[])[.. added, .. t.Header], ReplacedLength = t.Replaces }
            : message with { Head = added, ReplacedLength = 0 };
    }
}
