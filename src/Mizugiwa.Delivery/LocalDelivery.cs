using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Mizugiwa.Mailbox;

namespace Mizugiwa.Delivery;

/// <summary>Delivers one queued message to the Maildirs of its recipients.</summary>
/// <remarks>
/// Delivered recipients are recorded on disk (<see cref="DeliveryLog"/>); attempt counts and last
/// errors are kept in memory only, for as long as the message is queued in this process.
/// </remarks>
internal sealed class LocalDelivery(SpoolLayout layout, string mailRoot, MaildirWriter writer, GroupCommitter committer, ILogger logger)
{
    /// <summary>The messages being delivered or waiting for a retry, read once from their queue files.</summary>
    private readonly ConcurrentDictionary<string, QueuedMessage> _messages = new();

    /// <summary>
    /// Tries every recipient not yet delivered. When all are delivered the message leaves the queue
    /// and this returns null; otherwise it returns the highest attempt count among the recipients
    /// that failed, which sets the retry delay. Call it for one queue id at a time.
    /// </summary>
    /// <remarks>
    /// A delivery is recorded in the <c>.done</c> file after its Maildir rename, except the last one,
    /// whose record is the removal of the message. A crash in between is the one window in which a
    /// recipient gets the message twice; anything else delivers each recipient once.
    /// </remarks>
    public async Task<int?> DeliverAsync(string queueId, CancellationToken cancellationToken)
    {
        var message = Load(queueId);
        if (message is null) return null; // finished by an earlier run
        var recipients = message.Envelope.Recipients;
        await using var log = await DeliveryLog.OpenAsync(layout.Done(queueId), committer, cancellationToken);
        foreach (var recipient in recipients) recipient.Delivered |= log.Delivered.Contains(recipient.Mailbox);
        int? failedAttempts = null;
        foreach (var recipient in recipients.Where(r => !r.Delivered))
        {
            try
            {
                string maildir = MaildirLayout.PathFor(mailRoot, recipient.Mailbox);
                await writer.DeliverAsync(maildir, layout.Message(queueId), message.ContentLength, cancellationToken);
                recipient.Delivered = true;
                recipient.LastError = null;
                logger.LogInformation("queue={QueueId} to={Address} mailbox={Mailbox} status=delivered",
                    queueId, recipient.Address, recipient.Mailbox);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                recipient.Attempts++;
                recipient.LastError = e.Message;
                failedAttempts = Math.Max(failedAttempts ?? 0, recipient.Attempts);
                logger.LogWarning("queue={QueueId} to={Address} mailbox={Mailbox} status=deferred ({Reason})",
                    queueId, recipient.Address, recipient.Mailbox, e.Message);
                continue;
            }
            if (recipients.Exists(r => !r.Delivered)) await log.AppendAsync(recipient.Mailbox);
        }
        if (failedAttempts is not null) return failedAttempts;
        await RemoveAsync(queueId);
        return null;
    }

    private QueuedMessage? Load(string queueId)
    {
        if (_messages.TryGetValue(queueId, out var message)) return message;
        message = QueueFile.Read(layout.Message(queueId));
        if (message is not null) _messages[queueId] = message;
        return message;
    }

    /// <summary>The message before its <c>.done</c>: a <c>.done</c> left alone is removed when the spool starts.</summary>
    private async Task RemoveAsync(string queueId)
    {
        File.Delete(layout.Message(queueId));
        File.Delete(layout.Done(queueId));
        _messages.TryRemove(queueId, out _);
        await committer.SyncDirectoryAsync(layout.Queue);
    }
}
