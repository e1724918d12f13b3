using Mizugiwa.Core;

namespace Mizugiwa.Delivery;

/// <summary>A message being received straight into its queue file; see <see cref="FileSpool"/> and <see cref="QueueFile"/>.</summary>
internal sealed class SpooledMessage(FileSpool spool, string queueId, FileStream content) : ISpooledMessage
{
    private bool _committed;

    public string QueueId => queueId;

    public Stream Content => content;

    /// <summary>
    /// Appends the envelope trailer (the commit marker), fsyncs the file and then <c>queue/</c> in one
    /// group-commit request, and announces the message. When this throws, disposing removes the file.
    /// </summary>
    public async ValueTask CommitAsync(MessageEnvelope envelope, CancellationToken cancellationToken)
    {
        if (_committed) throw new InvalidOperationException($"queue={queueId} is already committed");
        if (envelope.QueueId != queueId) throw new ArgumentException($"the envelope is for queue={envelope.QueueId}, not {queueId}", nameof(envelope));
        try
        {
            await content.WriteAsync(QueueFile.Trailer(envelope), cancellationToken);
            await content.FlushAsync(cancellationToken);
            await spool.Committer.SyncAsync(content, spool.Layout.Queue);
            await content.DisposeAsync();
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
