using Mizugiwa.Core;
using Mizugiwa.Mailbox;

namespace Mizugiwa.Delivery;

/// <summary>A message being received into <c>incoming/</c>; see <see cref="FileSpool"/>.</summary>
internal sealed class SpooledMessage(FileSpool spool, string queueId, FileStream content) : ISpooledMessage
{
    private bool _committed;

    public string QueueId => queueId;

    public Stream Content => content;

    /// <summary>
    /// Fsyncs content and envelope in <c>incoming/</c>, renames the content and then the envelope into
    /// <c>queue/</c> (the envelope's arrival there is the commit point), fsyncs both directories and
    /// announces the message. When this throws, disposing removes whatever was written.
    /// </summary>
    public async ValueTask CommitAsync(MessageEnvelope envelope, CancellationToken cancellationToken)
    {
        if (_committed) throw new InvalidOperationException($"queue={queueId} is already committed");
        if (envelope.QueueId != queueId) throw new ArgumentException($"the envelope is for queue={envelope.QueueId}, not {queueId}", nameof(envelope));
        var layout = spool.Layout;
        try
        {
            await content.FlushAsync(cancellationToken);
            FileSync.FlushToDisk(content);
            await content.DisposeAsync();
            await EnvelopeFile.WriteAsync(layout.IncomingEnvelope(queueId), envelope, cancellationToken);
            File.Move(layout.IncomingContent(queueId), layout.QueuedContent(queueId));
            File.Move(layout.IncomingEnvelope(queueId), layout.QueuedEnvelope(queueId));
            FileSync.SyncDirectory(layout.Queue);
            FileSync.SyncDirectory(layout.Incoming);
        }
        catch (Exception e) when (e is not IOException and not OperationCanceledException)
        {
            throw new IOException($"queue={queueId} could not be committed: {e.Message}", e);
        }
        _committed = true;
        spool.Announce(queueId);
    }

    public async ValueTask DisposeAsync()
    {
        await content.DisposeAsync();
        if (!_committed) spool.Discard(queueId);
    }
}
