using Mizugiwa.Core;
using Mizugiwa.Delivery.Outbound;
using Mizugiwa.Mailbox;

namespace Mizugiwa.Delivery;

/// <summary>
/// Delivers a queued message to the Maildir of one local recipient. A mailbox that is not a valid
/// name, or (when a directory is given) no longer exists, is a permanent failure (5.1.1); a Maildir
/// that cannot be written is a temporary one.
/// </summary>
internal sealed class LocalDelivery(string mailRoot, MaildirWriter writer, IRecipientDirectory? directory)
{
    /// <param name="sender">The envelope sender ("" for the null sender): final delivery records it as Return-Path (RFC 5321 §4.4).</param>
    public async Task<RecipientResult> DeliverAsync(EnvelopeRecipient recipient, string sender, OutboundMessage content, CancellationToken cancellationToken)
    {
        string maildir;
        try
        {
            maildir = MaildirLayout.PathFor(mailRoot, recipient.Mailbox);
            if (recipient.Folder is { } folder) maildir = MaildirLayout.FolderPath(maildir, folder);
        }
        catch (ArgumentException e)
        {
            return RecipientResult.Failed("5.1.3", e.Message);
        }
        if (await MailboxAdmission.RefusalAsync(directory, recipient.Mailbox, content.ContentLength, cancellationToken) is { } refused) return refused;
        if (directory is not null && !await ExistsAsync(recipient.Mailbox, cancellationToken))
            return RecipientResult.Failed("5.1.1", $"mailbox {recipient.Mailbox} does not exist (any more)");
        try
        {
            var copy = await RecipientCopy.MakeAsync(content, $"Return-Path: <{sender}>\r\n{recipient.AddedHeaders}", recipient.SubjectTag, cancellationToken);
            await writer.DeliverAsync(maildir, copy.Head, copy.ContentPath, copy.ReplacedLength, copy.ContentLength, cancellationToken);
            return new RecipientResult(RecipientOutcome.Delivered, "2.0.0", null);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return RecipientResult.Deferred("4.3.0", $"cannot write to the Maildir of {recipient.Mailbox}: {e.Message}");
        }
    }

    /// <summary>Whether the account still exists: its address still resolves to itself. The bare postmaster always does.</summary>
    private async Task<bool> ExistsAsync(string mailbox, CancellationToken cancellationToken)
    {
        if (!mailbox.Contains('@', StringComparison.Ordinal)) return true;
        var address = SmtpAddress.TryParse(mailbox, allowUtf8: true, out _);
        if (address is null) return false;
        try
        {
            var resolution = await directory!.ResolveAsync(address, cancellationToken);
            return resolution.Status == RecipientStatus.Local;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return true; // the directory's trouble is not the recipient's: try the delivery
        }
    }
}
