using System.Globalization;
using Mizugiwa.Core;

namespace Mizugiwa.Imap;

/// <summary>
/// The account's quota as RFC 9208 sees it: one quota root, <c>""</c>, over all of a user's mailboxes (the
/// Maildir++ quota counts INBOX and every folder), with the one resource the quota limits, STORAGE, in units
/// of 1024 octets rounded up. Usage and limit are both rounded up, so the usage shown is never above the
/// limit while the account is within its quota.
/// </summary>
internal static class ImapQuota
{
    public const string Root = "";
    /// <summary>No QUOTA=RES-MESSAGE: accounts have no limit on the number of messages.</summary>
    public const string Capabilities = "QUOTA QUOTA=RES-STORAGE";

    public static long Kibibytes(long octets) => octets <= 0 ? 0 : octets / 1024 + (octets % 1024 == 0 ? 0 : 1);

    public static string QuotaResponse(MailboxQuota quota) =>
        string.Create(CultureInfo.InvariantCulture, $"* QUOTA \"{Root}\" (STORAGE {Kibibytes(quota.UsedBytes)} {Kibibytes(quota.LimitBytes)})");

    /// <summary>STATUS DELETED-STORAGE (RFC 9208 §4.1.4): what EXPUNGE would free, in the same units.</summary>
    public static long DeletedStorage(IEnumerable<MaildirMessage> messages) =>
        Kibibytes(messages.Where(m => m.Flags.HasFlag(MessageFlags.Deleted)).Sum(SizeOrNothing));

    /// <summary>A message another session expunged meanwhile frees nothing more.</summary>
    private static long SizeOrNothing(MaildirMessage message)
    {
        try { return message.Size; }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return 0; }
    }
}
