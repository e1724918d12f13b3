using Mizugiwa.Core;

namespace Mizugiwa.Delivery.Outbound;

/// <summary>
/// A queued message as the outbound agent sees it: its envelope and the first <see cref="ContentLength"/> bytes of
/// its queue file, of which the first <see cref="ReplacedLength"/> are sent as <see cref="Head"/> instead (a
/// recipient's added headers and tagged Subject, <see cref="RecipientCopy"/>).
/// </summary>
public sealed record OutboundMessage(MessageEnvelope Envelope, string ContentPath, long ContentLength)
{
    public ReadOnlyMemory<byte> Head { get; init; }
    public long ReplacedLength { get; init; }

    /// <summary>A read-only stream over the message content as it is sent (without the queue file's trailer).</summary>
    public Stream OpenContent()
    {
        var file = new FileStream(ContentPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, FileOptions.SequentialScan);
        var rest = new MimeKit.IO.BoundStream(file, ReplacedLength, ContentLength, leaveOpen: false);
        if (Head.IsEmpty) return rest;
        var content = new MimeKit.IO.ChainedStream();
        content.Add(new MemoryStream(Head.ToArray(), writable: false));
        content.Add(rest);
        return content;
    }
}
