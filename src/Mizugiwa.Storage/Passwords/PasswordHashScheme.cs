namespace Mizugiwa.Storage.Passwords;

/// <summary>The password hash forms the directory can verify: its own and those imported from other servers.</summary>
public enum PasswordHashScheme
{
    /// <summary>Argon2id PHC string (<c>$argon2id$v=19$...</c>), what this server makes; stored bare.</summary>
    Argon2id,
    /// <summary>bcrypt (<c>$2a$</c>, <c>$2b$</c>, <c>$2y$</c>); stored as <c>{BLF-CRYPT}$2y$...</c>.</summary>
    BlfCrypt,
    /// <summary>glibc SHA-512 crypt (<c>$6$</c>); stored as <c>{SHA512-CRYPT}$6$...</c>.</summary>
    Sha512Crypt,
}
