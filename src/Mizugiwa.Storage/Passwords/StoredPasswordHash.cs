using System.Text.RegularExpressions;

namespace Mizugiwa.Storage.Passwords;

/// <summary>
/// Recognises, normalises and verifies the stored password hash forms: the bare Argon2id PHC string this
/// server makes, and (for accounts imported from Dovecot and the like) <c>{ARGON2ID}</c>, <c>{BLF-CRYPT}</c>
/// and <c>{SHA512-CRYPT}</c> with or without the Dovecot scheme prefix.
/// </summary>
public static partial class StoredPasswordHash
{
    private const string Argon2idTag = "{ARGON2ID}", BlfCryptTag = "{BLF-CRYPT}", Sha512CryptTag = "{SHA512-CRYPT}";

    /// <summary>The Dovecot-style name of a scheme, as import reports and documentation show it.</summary>
    public static string Name(PasswordHashScheme scheme) => scheme switch
    {
        PasswordHashScheme.Argon2id => Argon2idTag,
        PasswordHashScheme.BlfCrypt => BlfCryptTag,
        _ => Sha512CryptTag,
    };

    /// <summary>
    /// Turns a hash as another server wrote it into the stored form (Argon2id bare, the others tagged);
    /// false when it is none of the known forms or is malformed.
    /// </summary>
    public static bool TryNormalize(string text, out string stored, out PasswordHashScheme scheme)
    {
        stored = "";
        scheme = PasswordHashScheme.Argon2id;
        var (tag, hash) = SplitTag(text.Trim());
        if (PasswordHasher.IsWellFormed(hash) && tag is null or Argon2idTag)
            (stored, scheme) = (hash, PasswordHashScheme.Argon2id);
        else if (BcryptForm().IsMatch(hash) && tag is null or BlfCryptTag)
            (stored, scheme) = (BlfCryptTag + hash, PasswordHashScheme.BlfCrypt);
        else if (Sha512Crypt.IsWellFormed(hash) && tag is null or Sha512CryptTag)
            (stored, scheme) = (Sha512CryptTag + hash, PasswordHashScheme.Sha512Crypt);
        else
            return false;
        return true;
    }

    /// <summary>The scheme of a stored hash; null when it is none this server can verify.</summary>
    public static PasswordHashScheme? SchemeOf(string stored) =>
        TryNormalize(stored, out var normal, out var scheme) && normal == stored ? scheme : null;

    /// <summary>True when <paramref name="password"/> matches <paramref name="stored"/>; false also for an empty password or an unknown form.</summary>
    public static bool Verify(string password, string stored)
    {
        if (password.Length == 0) return false;
        if (stored.StartsWith(BlfCryptTag, StringComparison.Ordinal)) return VerifyBcrypt(password, stored[BlfCryptTag.Length..]);
        if (stored.StartsWith(Sha512CryptTag, StringComparison.Ordinal)) return Sha512Crypt.Verify(password, stored[Sha512CryptTag.Length..]);
        return PasswordHasher.Verify(password, stored);
    }

    private static bool VerifyBcrypt(string password, string hash)
    {
        if (!BcryptForm().IsMatch(hash)) return false;
        try
        {
            return BCrypt.Net.BCrypt.Verify(password, hash);
        }
        catch (BCrypt.Net.SaltParseException)
        {
            return false;
        }
    }

    /// <summary>Splits a leading <c>{SCHEME}</c> (any case) off; the tag comes back upper-cased, or null when there is none.</summary>
    private static (string? Tag, string Hash) SplitTag(string text)
    {
        if (!text.StartsWith('{')) return (null, text);
        int end = text.IndexOf('}', StringComparison.Ordinal);
        return end < 0 ? (null, text) : (text[..(end + 1)].ToUpperInvariant(), text[(end + 1)..]);
    }

    /// <summary>Cost 4 to 31, 22 characters of salt and 31 of hash in bcrypt's base64 alphabet.</summary>
    [GeneratedRegex(@"^\$2[aby]\$(0[4-9]|[12][0-9]|3[01])\$[./A-Za-z0-9]{53}\z", RegexOptions.CultureInvariant)]
    private static partial Regex BcryptForm();
}
