using System.Data.Common;
using Mizugiwa.Core;
using Mizugiwa.Storage.Passwords;

namespace Mizugiwa.Storage;

/// <summary>Everything stored about accounts except their secrets, for listing.</summary>
public sealed partial class SqlDirectory
{
    /// <summary>All accounts, or those of one local domain, with name, forward addresses, filter mode and password hash scheme.</summary>
    public async Task<IReadOnlyList<AccountDetails>> ListAccountDetailsAsync(string? domain, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        if (domain is null) return await ReadAsync(c, Row, Columns + " ORDER BY domain, address_key", [], cancellationToken);
        var name = domain.ToLowerInvariant();
        await RequireLocalDomainAsync(c, name, cancellationToken);
        return await ReadAsync(c, Row, Columns + " WHERE domain = @p0 ORDER BY address_key", [name], cancellationToken);
    }

    /// <summary>One account, or null when there is no such account.</summary>
    public async Task<AccountDetails?> GetAccountDetailsAsync(string address, CancellationToken cancellationToken)
    {
        var a = DirectoryAddress.Parse(address);
        await using var c = await OpenAsync(cancellationToken);
        var rows = await ReadAsync(c, Row, Columns + " WHERE address_key = @p0", [a.Key], cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Sets the display name; null or blank removes it. At most 200 characters, no line breaks.</summary>
    public async Task SetDisplayNameAsync(string address, string? name, CancellationToken cancellationToken)
    {
        var a = DirectoryAddress.Parse(address);
        var value = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        if (value is { Length: > 200 }) throw new DirectoryException($"the display name of {a.Text} is longer than 200 characters");
        if (value is not null && value.Any(char.IsControl)) throw new DirectoryException($"the display name of {a.Text} must not hold line breaks or control characters");
        await using var c = await OpenAsync(cancellationToken);
        if (await ExecuteAsync(c, "UPDATE accounts SET display_name = @p1 WHERE address_key = @p0", [a.Key, Nullable(value)], cancellationToken) == 0)
            throw new DirectoryException($"account {a.Text} does not exist");
    }

    private const string Columns = "SELECT address, display_name, forward, filter_mode, password_hash, scram_sha256 IS NOT NULL, disabled, quota_bytes, forward_keep_copy FROM accounts";

    private static AccountDetails Row(DbDataReader r) => new(
            r.GetString(0),
            r.IsDBNull(1) ? null : r.GetString(1),
            ForwardColumn.Split(r.IsDBNull(2) ? null : r.GetString(2)),
            FilterModes.TryParse(r.IsDBNull(3) ? null : r.GetString(3), out var mode) ? mode : FilterMode.Label,
            StoredPasswordHash.SchemeOf(r.GetString(4)),
            r.GetBoolean(5),
            IsDisabled(r, 6),
            Quota(r, 7),
            r.IsDBNull(8) || Convert.ToInt64(r.GetValue(8), System.Globalization.CultureInfo.InvariantCulture) != 0);
}

/// <summary>
/// One account as listed: <see cref="Scheme"/> is null for a hash no verifier knows; <see cref="HasScram"/> tells
/// whether AUTH SCRAM-SHA-256 can work; <see cref="QuotaBytes"/> is null when the account has no quota of its own;
/// <see cref="ForwardKeepCopy"/> tells whether the mailbox keeps what it forwards.
/// </summary>
public sealed record AccountDetails(string Address, string? DisplayName, IReadOnlyList<string> Forward, FilterMode FilterMode, PasswordHashScheme? Scheme, bool HasScram,
    bool Disabled = false, long? QuotaBytes = null, bool ForwardKeepCopy = true);
