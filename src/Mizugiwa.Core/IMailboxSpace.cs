namespace Mizugiwa.Core;

/// <summary>Whether a local mailbox has room under its quota.</summary>
public interface IMailboxSpace
{
    /// <summary>False when taking <paramref name="bytes"/> more would put <paramref name="mailbox"/> over its quota (or it is over already, for 0 bytes).</summary>
    ValueTask<bool> HasRoomAsync(string mailbox, long bytes, CancellationToken cancellationToken);

    /// <summary>As <see cref="HasRoomAsync(string, long, CancellationToken)"/>, with the mailbox's own quota already known (null: none of its own), so the directory is not asked.</summary>
    ValueTask<bool> HasRoomUnderAsync(string mailbox, long? ownQuota, long bytes, CancellationToken cancellationToken);

    /// <summary>The quota that <see cref="HasRoomAsync(string, long, CancellationToken)"/> holds <paramref name="mailbox"/> to and its usage; null when it has none.</summary>
    ValueTask<MailboxQuota?> GetQuotaAsync(string mailbox, CancellationToken cancellationToken);
}

/// <summary>A mailbox's quota and how much of it is used, in octets.</summary>
public readonly record struct MailboxQuota(long LimitBytes, long UsedBytes);
