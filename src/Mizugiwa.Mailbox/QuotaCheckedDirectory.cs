using Mizugiwa.Core;

namespace Mizugiwa.Mailbox;

/// <summary>
/// The directory with quotas on top. With <paramref name="refuseFull"/> (for RCPT), an address whose
/// mailboxes are all full resolves to <see cref="RecipientStatus.MailboxFull"/>; an alias with room in
/// any of its mailboxes is taken, and delivery defers only the full ones. Without it (for the queue),
/// resolution is the directory's own, and only <see cref="HasRoomAsync"/> is added. A resolution that
/// carries its mailboxes' quotas (<see cref="RecipientResolution.OwnQuotas"/>) is judged without asking
/// the directory again, so a local RCPT costs one directory query.
/// </summary>
public sealed class QuotaCheckedDirectory(IRecipientDirectory inner, IMailboxSpace space, bool refuseFull) : IRecipientDirectory, IMailboxSpace
{
    public async ValueTask<RecipientResolution> ResolveAsync(SmtpAddress address, CancellationToken cancellationToken)
    {
        var resolution = await inner.ResolveAsync(address, cancellationToken);
        if (!refuseFull || resolution.Status != RecipientStatus.Local || resolution.Mailboxes.Count == 0) return resolution;
        foreach (var mailbox in resolution.Mailboxes)
            if (await space.HasRoomAsync(resolution, mailbox, 0, cancellationToken)) return resolution;
        return resolution with { Status = RecipientStatus.MailboxFull };
    }

    public ValueTask<bool> HasRoomAsync(string mailbox, long bytes, CancellationToken cancellationToken) =>
        space.HasRoomAsync(mailbox, bytes, cancellationToken);

    public ValueTask<bool> HasRoomUnderAsync(string mailbox, long? ownQuota, long bytes, CancellationToken cancellationToken) =>
        space.HasRoomUnderAsync(mailbox, ownQuota, bytes, cancellationToken);

    public ValueTask<MailboxQuota?> GetQuotaAsync(string mailbox, CancellationToken cancellationToken) =>
        space.GetQuotaAsync(mailbox, cancellationToken);
}
