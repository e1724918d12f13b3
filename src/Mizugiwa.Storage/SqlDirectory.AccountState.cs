using Mizugiwa.Core;

namespace Mizugiwa.Storage;

/// <summary>
/// Disabling an account (accounts.disabled; null = enabled) and its mailbox quota (accounts.quota_bytes;
/// null = none of its own). A disabled account keeps its data but takes no mail (550 5.2.1) and no logins.
/// </summary>
public sealed partial class SqlDirectory : IMailboxQuotas
{
    public async Task SetDisabledAsync(string address, bool disabled, CancellationToken cancellationToken)
    {
        var a = DirectoryAddress.Parse(address);
        await using var c = await OpenAsync(cancellationToken);
        if (await ExecuteAsync(c, "UPDATE accounts SET disabled = @p1 WHERE address_key = @p0", [a.Key, disabled ? 1 : DBNull.Value], cancellationToken) == 0)
            throw new DirectoryException($"account {a.Text} does not exist");
    }

    /// <summary>Sets the quota in bytes, or with null removes it (the configured default, if any, applies again).</summary>
    public async Task SetQuotaAsync(string address, long? bytes, CancellationToken cancellationToken)
    {
        var a = DirectoryAddress.Parse(address);
        if (bytes <= 0) throw new DirectoryException($"quota {bytes} of {a.Text} must be above 0 bytes");
        await using var c = await OpenAsync(cancellationToken);
        if (await ExecuteAsync(c, "UPDATE accounts SET quota_bytes = @p1 WHERE address_key = @p0", [a.Key, bytes is { } b ? b : DBNull.Value], cancellationToken) == 0)
            throw new DirectoryException($"account {a.Text} does not exist");
    }

    public async ValueTask<long?> GetQuotaAsync(string mailbox, CancellationToken cancellationToken)
    {
        if (DirectoryAddress.TryParse(mailbox) is not { } a) return null;
        await using var c = await OpenAsync(cancellationToken);
        var rows = await ReadAsync(c, r => Quota(r, 0), "SELECT quota_bytes FROM accounts WHERE address_key = @p0", [a.Key], cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>accounts.quota_bytes read at <paramref name="column"/>: null when the account has no quota of its own.</summary>
    private static long? Quota(System.Data.Common.DbDataReader r, int column) =>
        r.IsDBNull(column) ? null : Convert.ToInt64(r.GetValue(column), System.Globalization.CultureInfo.InvariantCulture);

    private static bool IsDisabled(System.Data.Common.DbDataReader r, int column) =>
        !r.IsDBNull(column) && Convert.ToInt64(r.GetValue(column), System.Globalization.CultureInfo.InvariantCulture) != 0;
}
