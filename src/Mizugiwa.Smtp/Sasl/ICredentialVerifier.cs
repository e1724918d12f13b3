namespace Mizugiwa.Smtp.Sasl;

/// <summary>
/// Where SMTP AUTH gets its answers: the account directory. User names are account addresses,
/// compared without regard to case; the answers name the account as the directory spells it.
/// </summary>
public interface ICredentialVerifier
{
    /// <summary>The account whose password this is, or null (no such account, wrong password). May be slow (Argon2).</summary>
    ValueTask<string?> VerifyPasswordAsync(string user, string password, CancellationToken cancellationToken);

    /// <summary>The account's stored SCRAM-SHA-256 keys, or null when there is no such account or it has none.</summary>
    ValueTask<ScramCredentials?> GetScramCredentialsAsync(string user, CancellationToken cancellationToken);
}
