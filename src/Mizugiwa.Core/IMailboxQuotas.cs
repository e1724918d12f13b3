namespace Mizugiwa.Core;

/// <summary>Each account's own mailbox quota, as the directory keeps it.</summary>
public interface IMailboxQuotas
{
    /// <summary>The quota of <paramref name="mailbox"/> in bytes; null when it has none of its own (or is no account).</summary>
    ValueTask<long?> GetQuotaAsync(string mailbox, CancellationToken cancellationToken);
}
