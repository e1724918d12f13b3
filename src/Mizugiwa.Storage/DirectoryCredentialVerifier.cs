using Mizugiwa.Smtp.Sasl;

namespace Mizugiwa.Storage;

/// <summary>
/// SMTP AUTH against the directory: the user name is the account address (any case). An unknown
/// user costs one Argon2id check too, so the time taken does not tell which accounts exist.
/// </summary>
public sealed class DirectoryCredentialVerifier(SqliteDirectory directory) : ICredentialVerifier
{
    private static readonly Lazy<string> DummyHash = new(() => PasswordHasher.Hash(Guid.NewGuid().ToString()));

    public async ValueTask<string?> VerifyPasswordAsync(string user, string password, CancellationToken cancellationToken)
    {
        var stored = await directory.GetCredentialsAsync(user, cancellationToken);
        if (stored is null)
        {
            PasswordHasher.Verify(password, DummyHash.Value);
            return null;
        }
        return PasswordHasher.Verify(password, stored.PasswordHash) ? stored.Account : null;
    }

    public async ValueTask<ScramCredentials?> GetScramCredentialsAsync(string user, CancellationToken cancellationToken) =>
        (await directory.GetCredentialsAsync(user, cancellationToken))?.Scram;
}
