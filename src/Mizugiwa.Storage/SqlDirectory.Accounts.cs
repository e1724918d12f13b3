using System.Data.Common;

namespace Mizugiwa.Storage;

/// <summary>Accounts: mailboxes with a password hash.</summary>
public sealed partial class SqlDirectory
{
    public Task AddAccountAsync(string address, string passwordHash, CancellationToken cancellationToken) =>
        AddAccountAsync(address, passwordHash, null, cancellationToken);

    private async Task AddAccountAsync(string address, string passwordHash, string? scramSha256, CancellationToken cancellationToken)
    {
        var a = DirectoryAddress.Parse(address);
        await using var c = await OpenAsync(cancellationToken);
        await using var tx = await c.BeginTransactionAsync(cancellationToken);
        await RequireLocalDomainAsync(c, a.Domain, cancellationToken);
        if (await IsAccountAsync(c, a.Key, cancellationToken)) throw new DirectoryException($"account {a.Text} already exists");
        if (await IsAliasAsync(c, a.Key, cancellationToken)) throw new DirectoryException($"{a.Text} is already an alias");
        await ExecuteAsync(c, "INSERT INTO accounts (address_key, address, domain, password_hash, scram_sha256) VALUES (@p0, @p1, @p2, @p3, @p4)",
            [a.Key, a.Text, a.Domain, passwordHash, (object?)scramSha256 ?? DBNull.Value], cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    public async Task RemoveAccountAsync(string address, CancellationToken cancellationToken)
    {
        var a = DirectoryAddress.Parse(address);
        await using var c = await OpenAsync(cancellationToken);
        if (await ExecuteAsync(c, "DELETE FROM accounts WHERE address_key = @p0", [a.Key], cancellationToken) == 0)
            throw new DirectoryException($"account {a.Text} does not exist");
    }

    /// <summary>All account addresses, or those of one local domain.</summary>
    public async Task<IReadOnlyList<string>> ListAccountsAsync(string? domain, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        if (domain is null)
            return await ReadAsync(c, r => r.GetString(0), "SELECT address FROM accounts ORDER BY domain, address_key", [], cancellationToken);
        var name = domain.ToLowerInvariant();
        await RequireLocalDomainAsync(c, name, cancellationToken);
        return await ReadAsync(c, r => r.GetString(0), "SELECT address FROM accounts WHERE domain = @p0 ORDER BY address_key", [name], cancellationToken);
    }

    /// <summary>Sets only the Argon2id hash; the SCRAM keys (made from the old password) are dropped, so SCRAM fails until <see cref="SetPasswordAsync"/>.</summary>
    public async Task SetPasswordHashAsync(string address, string passwordHash, CancellationToken cancellationToken)
    {
        var a = DirectoryAddress.Parse(address);
        await using var c = await OpenAsync(cancellationToken);
        if (await ExecuteAsync(c, "UPDATE accounts SET password_hash = @p1, scram_sha256 = NULL WHERE address_key = @p0", [a.Key, passwordHash], cancellationToken) == 0)
            throw new DirectoryException($"account {a.Text} does not exist");
    }

    /// <summary>The stored hash, or null when there is no such account (also when the text is no address).</summary>
    public async Task<string?> GetPasswordHashAsync(string address, CancellationToken cancellationToken)
    {
        if (DirectoryAddress.TryParse(address) is not { } a) return null;
        await using var c = await OpenAsync(cancellationToken);
        var rows = await ReadAsync(c, r => r.GetString(0), "SELECT password_hash FROM accounts WHERE address_key = @p0", [a.Key], cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    private static async Task<bool> IsAccountAsync(DbConnection c, string key, CancellationToken ct) =>
        await CountAsync(c, "SELECT count(*) FROM accounts WHERE address_key = @p0", [key], ct) > 0;
}
