using Mizugiwa.Smtp.Sasl;
using Mizugiwa.Storage.Passwords;

namespace Mizugiwa.Storage;

/// <summary>
/// SMTP AUTH against the directory: the user name is the account address (any case). An unknown
/// user costs one Argon2id check too, so the time taken does not tell which accounts exist; a disabled
/// account is treated exactly like an unknown one (no SCRAM keys, a dummy check), so no reply tells it apart.
/// Stored hashes may be this server's Argon2id or an imported form (see <see cref="StoredPasswordHash"/>);
/// after a successful PLAIN/LOGIN an imported hash, or one without SCRAM keys, is replaced by a fresh
/// Argon2id hash and SCRAM keys made from the password just checked.
/// </summary>
public sealed class DirectoryCredentialVerifier(SqlDirectory directory) : ICredentialVerifier
{
    private static readonly Lazy<string> DummyHash = new(() => PasswordHasher.Hash(Guid.NewGuid().ToString()));

    public async ValueTask<string?> VerifyPasswordAsync(string user, string password, CancellationToken cancellationToken)
    {
        var stored = await directory.GetCredentialsAsync(user, cancellationToken);
        if (stored is null || stored.Disabled)
        {
            PasswordHasher.Verify(password, DummyHash.Value);
            return null;
        }
        if (!StoredPasswordHash.Verify(password, stored.PasswordHash)) return null;
        bool upgradable = !PasswordCredentials.IsBlank(password); // an imported hash may be of a password we would not set
        if (upgradable && (StoredPasswordHash.SchemeOf(stored.PasswordHash) != PasswordHashScheme.Argon2id || stored.ScramSha256 is null))
            await directory.UpgradePasswordAsync(stored.Account, stored.PasswordHash, PasswordCredentials.Create(password), cancellationToken);
        return stored.Account;
    }

    public async ValueTask<ScramCredentials?> GetScramCredentialsAsync(string user, CancellationToken cancellationToken) =>
        await directory.GetCredentialsAsync(user, cancellationToken) is { Disabled: false } stored ? stored.Scram : null;
}
