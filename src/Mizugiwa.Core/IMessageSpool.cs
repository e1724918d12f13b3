namespace Mizugiwa.Core;

/// <summary>Durable intake: a message is written here while it arrives and committed before the 250 reply.</summary>
public interface IMessageSpool
{
    ValueTask<ISpooledMessage> CreateAsync(CancellationToken cancellationToken);
}

/// <summary>
/// A message being received. Disposing it without <see cref="CommitAsync"/> discards it.
/// </summary>
public interface ISpooledMessage : IAsyncDisposable
{
    string QueueId { get; }

    /// <summary>Where the message (headers added by us first, then the client's data) is written.</summary>
    Stream Content { get; }

    /// <summary>
    /// Flushes and fsyncs content and envelope and makes the message visible to the queue manager.
    /// Returns only when the message is durable; throws (an IOException) when it could not be made so.
    /// </summary>
    ValueTask CommitAsync(MessageEnvelope envelope, CancellationToken cancellationToken);

    /// <summary>Replaces everything written so far (the content filter rewrote the message, e.g. stripped an attachment).</summary>
    async ValueTask ReplaceContentAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        Content.SetLength(0);
        Content.Position = 0;
        await Content.WriteAsync(content, cancellationToken);
    }
}
