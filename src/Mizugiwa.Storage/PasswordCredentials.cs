using Mizugiwa.Smtp.Sasl;

namespace Mizugiwa.Storage;

/// <summary>
/// What is stored when a password is set: the Argon2id hash (PLAIN, LOGIN) and the SCRAM-SHA-256
/// keys (PBKDF2-SHA256, 10000 iterations, RFC 5803 format). Neither gives back the password.
/// </summary>
public sealed record PasswordCredentials(string PasswordHash, string ScramSha256)
{
    public static PasswordCredentials Create(string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        return new PasswordCredentials(PasswordHasher.Hash(password), ScramCredentials.Create("", password).Format());
    }
}
