using Microsoft.Extensions.Logging;
using Mizugiwa.Mailbox;

namespace Mizugiwa.Delivery;

/// <summary>Delivers one queued message to the Maildirs of its recipients.</summary>
internal sealed class LocalDelivery(SpoolLayout layout, string mailRoot, MaildirWriter writer, ILogger logger)
{
    /// <summary>
    /// Tries every recipient not yet delivered, saving the envelope after each one. When all are
    /// delivered the message leaves the queue and this returns null; otherwise it returns the highest
    /// attempt count among the recipients that failed, which sets the retry delay.
    /// </summary>
    /// <remarks>
    /// A recipient is marked delivered only after its Maildir rename, and the envelope is saved right
    /// after. A crash in between is the one window in which a recipient gets the message twice;
    /// anything else delivers each recipient once.
    /// </remarks>
    public async Task<int?> DeliverAsync(string queueId, CancellationToken cancellationToken)
    {
        string envelopePath = layout.QueuedEnvelope(queueId);
        var envelope = await EnvelopeFile.ReadAsync(envelopePath, cancellationToken);
        if (envelope is null) return null; // finished by an earlier run
        int? failedAttempts = null;
        foreach (var recipient in envelope.Recipients.Where(r => !r.Delivered))
        {
            try
            {
                string maildir = MaildirLayout.PathFor(mailRoot, recipient.Mailbox);
                await writer.DeliverAsync(maildir, layout.QueuedContent(queueId), cancellationToken);
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
            }
            await EnvelopeFile.ReplaceAsync(envelopePath, envelope, CancellationToken.None);
        }
        if (failedAttempts is null) Remove(queueId);
        return failedAttempts;
    }

    /// <summary>Envelope first: a crash in between leaves content without envelope, which the spool removes at start.</summary>
    private void Remove(string queueId)
    {
        File.Delete(layout.QueuedEnvelope(queueId));
        File.Delete(layout.QueuedContent(queueId));
        FileSync.SyncDirectory(layout.Queue);
    }
}
