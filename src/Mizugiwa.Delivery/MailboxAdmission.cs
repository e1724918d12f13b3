using Mizugiwa.Core;
using Mizugiwa.Delivery.Outbound;

namespace Mizugiwa.Delivery;

/// <summary>
/// Whether a local mailbox takes a message now, asked just before it is written: a disabled account
/// fails (5.2.1, RFC 3463 "mailbox disabled"); a message that would put the mailbox over its quota is
/// deferred (4.2.2 "mailbox full"), so it is retried and bounces only when the queue gives up on it.
/// </summary>
internal static class MailboxAdmission
{
    /// <returns>The result to record instead of delivering, or null to deliver.</returns>
    public static async Task<RecipientResult?> RefusalAsync(IRecipientDirectory? directory, string mailbox, long bytes, CancellationToken cancellationToken)
    {
        if (directory is null || !mailbox.Contains('@', StringComparison.Ordinal)) return null;
        try
        {
            var resolution = SmtpAddress.TryParse(mailbox, allowUtf8: true, out _) is { } address
                ? await directory.ResolveAsync(address, cancellationToken)
                : RecipientResolution.Unknown;
            if (resolution.Status == RecipientStatus.Disabled)
                return RecipientResult.Failed("5.2.1", $"mailbox {mailbox} is disabled");
            if (directory is IMailboxSpace space && !await space.HasRoomAsync(resolution, mailbox, bytes, cancellationToken))
                return RecipientResult.Deferred("4.2.2", $"mailbox {mailbox} is full: a message of {bytes} bytes would exceed its quota");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null; // the directory's or the file system's trouble is not the recipient's: try the delivery
        }
        return null;
    }
}
