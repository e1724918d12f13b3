using Mizugiwa.Smtp.Sasl;

namespace Mizugiwa.Storage;

/// <summary>Passwords of accounts as SMTP AUTH needs them: the Argon2id hash and the SCRAM-SHA-256 keys.</summary>
public sealed partial class SqlDirectory
{
    /// <summary>Adds an account with both its password hash and its SCRAM keys.</summary>
    public Task AddAccountAsync(string address, PasswordCredentials credentials, CancellationToken cancellationToken) =>
        AddAccountAsync(address, credentials.PasswordHash, credentials.ScramSha256, cancellationToken);

    /// <summary>Changes the password: the hash and the SCRAM keys together.</summary>
    public async Task SetPasswordAsync(string address, PasswordCredentials credentials, CancellationToken cancellationToken)
    {
        var a = DirectoryAddress.Parse(address);
        await using var c = await OpenAsync(cancellationToken);
        if (await ExecuteAsync(c, "UPDATE accounts SET password_hash = @p1, scram_sha256 = @p2 WHERE address_key = @p0",
                [a.Key, credentials.PasswordHash, credentials.ScramSha256], cancellationToken) == 0)
            throw new DirectoryException($"account {a.Text} does not exist");
    }

    /// <summary>
    /// Replaces an imported or hash-only password with <paramref name="credentials"/> (Argon2id and SCRAM keys),
    /// only while the stored hash is still <paramref name="oldHash"/>; false when it changed meanwhile.
    /// </summary>
    public async Task<bool> UpgradePasswordAsync(string address, string oldHash, PasswordCredentials credentials, CancellationToken cancellationToken)
    {
        var a = DirectoryAddress.Parse(address);
        await using var c = await OpenAsync(cancellationToken);
        return await ExecuteAsync(c, "UPDATE accounts SET password_hash = @p1, scram_sha256 = @p2 WHERE address_key = @p0 AND password_hash = @p3",
            [a.Key, credentials.PasswordHash, credentials.ScramSha256, oldHash], cancellationToken) == 1;
    }

    /// <summary>The account as stored (its spelling), its hash, its SCRAM keys and whether it is disabled; null when there is no such account.</summary>
    public async Task<StoredCredentials?> GetCredentialsAsync(string address, CancellationToken cancellationToken)
    {
        if (DirectoryAddress.TryParse(address) is not { } a) return null;
        await using var c = await OpenAsync(cancellationToken);
        var rows = await ReadAsync(c, r => new StoredCredentials(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), IsDisabled(r, 3)),
            "SELECT address, password_hash, scram_sha256, disabled FROM accounts WHERE address_key = @p0", [a.Key], cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }
}

/// <summary>One account's stored secrets; a <see cref="Disabled"/> account must not log in.</summary>
public sealed record StoredCredentials(string Account, string PasswordHash, string? ScramSha256, bool Disabled = false)
{
    public ScramCredentials? Scram => ScramCredentials.TryParse(Account, ScramSha256);
}
