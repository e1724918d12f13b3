using Mizugiwa.Core;

namespace Mizugiwa.Delivery.Outbound;

/// <summary>A queued message as the outbound agent sees it: its envelope and the first <see cref="ContentLength"/> bytes of its queue file.</summary>
public sealed record OutboundMessage(MessageEnvelope Envelope, string ContentPath, long ContentLength)
{
    /// <summary>A read-only stream over the message content (without the queue file's trailer).</summary>
    public Stream OpenContent()
    {
        var file = new FileStream(ContentPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, FileOptions.SequentialScan);
        return new MimeKit.IO.BoundStream(file, 0, ContentLength, leaveOpen: false);
    }
}
