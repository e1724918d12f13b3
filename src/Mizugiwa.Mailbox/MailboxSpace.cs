using Mizugiwa.Core;

namespace Mizugiwa.Mailbox;

/// <summary>
/// Quota = the account's own (from the directory) or else the configured default; usage = the
/// Maildir's maildirsize (see <see cref="MaildirSize"/>). The bare postmaster mailbox has no quota.
/// </summary>
public sealed class MailboxSpace(string mailRoot, IMailboxQuotas quotas, long? defaultQuota, TimeProvider time) : IMailboxSpace
{
    public async ValueTask<bool> HasRoomAsync(string mailbox, long bytes, CancellationToken cancellationToken) =>
        !IsAccount(mailbox) || HasRoom(mailbox, await quotas.GetQuotaAsync(mailbox, cancellationToken), bytes);

    public ValueTask<bool> HasRoomUnderAsync(string mailbox, long? ownQuota, long bytes, CancellationToken cancellationToken) =>
        ValueTask.FromResult(!IsAccount(mailbox) || HasRoom(mailbox, ownQuota, bytes));

    public async ValueTask<MailboxQuota?> GetQuotaAsync(string mailbox, CancellationToken cancellationToken) =>
        IsAccount(mailbox) ? QuotaOf(mailbox, await quotas.GetQuotaAsync(mailbox, cancellationToken)) : null;

    private static bool IsAccount(string mailbox) => mailbox.Contains('@', StringComparison.Ordinal);

    private bool HasRoom(string mailbox, long? ownQuota, long bytes) =>
        QuotaOf(mailbox, ownQuota) is not { } quota
        || (bytes == 0 ? quota.UsedBytes < quota.LimitBytes : quota.UsedBytes + bytes <= quota.LimitBytes);

    private MailboxQuota? QuotaOf(string mailbox, long? ownQuota)
    {
        if ((ownQuota ?? defaultQuota) is not { } quota) return null;
        string maildir;
        try { maildir = MaildirLayout.PathFor(mailRoot, mailbox); }
        catch (ArgumentException) { return null; } // not a mailbox: delivery says so itself
        return new MailboxQuota(quota, MaildirSize.Usage(maildir, quota, time));
    }
}
