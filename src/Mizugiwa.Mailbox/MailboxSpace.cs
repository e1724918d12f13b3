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

    private static bool IsAccount(string mailbox) => mailbox.Contains('@', StringComparison.Ordinal);

    private bool HasRoom(string mailbox, long? ownQuota, long bytes)
    {
        if ((ownQuota ?? defaultQuota) is not { } quota) return true;
        string maildir;
        try { maildir = MaildirLayout.PathFor(mailRoot, mailbox); }
        catch (ArgumentException) { return true; } // not a mailbox: delivery says so itself
        var usage = MaildirSize.Usage(maildir, quota, time);
        return bytes == 0 ? usage < quota : usage + bytes <= quota;
    }
}
