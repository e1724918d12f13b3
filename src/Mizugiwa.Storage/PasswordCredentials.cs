using Mizugiwa.Smtp.Sasl;

namespace Mizugiwa.Storage;

/// <summary>
/// What is stored when a password is set: the Argon2id hash (PLAIN, LOGIN) and the SCRAM-SHA-256
/// keys (PBKDF2-SHA256, 10000 iterations, RFC 5803 format). Neither gives back the password.
/// </summary>
public sealed record PasswordCredentials(string PasswordHash, string ScramSha256)
{
    public const string Blank = "the password is empty (or only spaces); nothing was changed";

    /// <summary>A password that cannot be set (<see cref="Blank"/> says why): the one rule for the CLI, the API, the pages and imports.</summary>
    public static bool IsBlank([System.Diagnostics.CodeAnalysis.NotNullWhen(false)] string? password) => string.IsNullOrWhiteSpace(password);

    /// <exception cref="DirectoryException">The password is empty or only white space.</exception>
    public static PasswordCredentials Create(string password)
    {
        if (IsBlank(password)) throw new DirectoryException(Blank);
        return new PasswordCredentials(PasswordHasher.Hash(password), ScramCredentials.Create("", password).Format());
    }
}
