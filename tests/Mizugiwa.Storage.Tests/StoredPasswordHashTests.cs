using Mizugiwa.Storage.Passwords;

namespace Mizugiwa.Storage.Tests;

/// <summary>Hash forms imported from other servers: recognised, normalised and verified, wrong passwords refused.</summary>
public sealed class StoredPasswordHashTests
{
    // John the Ripper's bcrypt test vectors (password "U*U" and "U*U*").
    private const string BcryptUU = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";
    private const string BcryptUUU = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK";
    // The example in argon2-cffi's documentation (64 MiB, 3 passes, 4 lanes).
    private const string Argon2Cffi = "$argon2id$v=19$m=65536,t=3,p=4$MIIRqgvgQbgj220jfp0MPA$YfwJSVjtjSU0zzV/P3S9nnQ/USre2wvJMjfCIjrTQbg";
    private const string Sha512 = "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1";

    [Theory]
    [InlineData(BcryptUU, "U*U")]
    [InlineData(BcryptUUU, "U*U*")]
    public void Bcrypt_vectors_verify_in_every_prefix_form(string hash, string password)
    {
        foreach (var form in new[] { hash, "{BLF-CRYPT}" + hash, "{blf-crypt}" + hash.Replace("$2a$", "$2y$"), hash.Replace("$2a$", "$2b$") })
        {
            Assert.True(StoredPasswordHash.TryNormalize(form, out var stored, out var scheme), form);
            Assert.Equal(PasswordHashScheme.BlfCrypt, scheme);
            Assert.StartsWith("{BLF-CRYPT}$2", stored);
            Assert.True(StoredPasswordHash.Verify(password, stored), form);
            Assert.False(StoredPasswordHash.Verify(password + "!", stored), form);
            Assert.False(StoredPasswordHash.Verify("", stored), form);
        }
    }

    [Fact]
    public void A_bcrypt_hash_made_here_with_2y_verifies()
    {
        var hash = BCrypt.Net.BCrypt.HashPassword("hunter2", 4).Replace("$2a$", "$2y$").Replace("$2b$", "$2y$");
        Assert.True(StoredPasswordHash.TryNormalize("{BLF-CRYPT}" + hash, out var stored, out _));
        Assert.True(StoredPasswordHash.Verify("hunter2", stored));
        Assert.False(StoredPasswordHash.Verify("hunter3", stored));
    }

    [Fact]
    public void Argon2id_from_another_implementation_verifies_bare_and_with_the_dovecot_prefix()
    {
        foreach (var form in new[] { Argon2Cffi, "{ARGON2ID}" + Argon2Cffi })
        {
            Assert.True(StoredPasswordHash.TryNormalize(form, out var stored, out var scheme));
            Assert.Equal(PasswordHashScheme.Argon2id, scheme);
            Assert.Equal(Argon2Cffi, stored);
        }
        Assert.True(StoredPasswordHash.Verify("correct horse battery staple", Argon2Cffi));
        Assert.False(StoredPasswordHash.Verify("correct horse battery stapler", Argon2Cffi));
    }

    [Fact]
    public void Sha512_crypt_is_stored_with_its_tag_and_verifies()
    {
        foreach (var form in new[] { Sha512, "{SHA512-CRYPT}" + Sha512 })
        {
            Assert.True(StoredPasswordHash.TryNormalize(form, out var stored, out var scheme));
            Assert.Equal(PasswordHashScheme.Sha512Crypt, scheme);
            Assert.Equal("{SHA512-CRYPT}" + Sha512, stored);
            Assert.True(StoredPasswordHash.Verify("Hello world!", stored));
            Assert.False(StoredPasswordHash.Verify("Hello world", stored));
        }
    }

    [Theory]
    [InlineData("{SSHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=")]
    [InlineData("{PLAIN}secret")]
    [InlineData("{BLF-CRYPT}" + Sha512)]
    [InlineData("{SHA512-CRYPT}" + BcryptUU)]
    [InlineData("{ARGON2ID}" + BcryptUU)]
    [InlineData("$argon2i$v=19$m=65536,t=3,p=4$MIIRqgvgQbgj220jfp0MPA$YfwJSVjtjSU0zzV/P3S9nnQ/USre2wvJMjfCIjrTQbg")]
    [InlineData("$2a$03$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW")]
    [InlineData("$1$saltsalt$abcdefghijklmnopqrstuv")]
    [InlineData("secret")]
    [InlineData("")]
    public void Unknown_or_mismatched_forms_are_refused(string text)
    {
        Assert.False(StoredPasswordHash.TryNormalize(text, out _, out _));
        Assert.Null(StoredPasswordHash.SchemeOf(text));
    }

    [Fact]
    public void This_servers_own_hash_is_argon2id_and_verifies()
    {
        var hash = PasswordHasher.Hash("pw");
        Assert.Equal(PasswordHashScheme.Argon2id, StoredPasswordHash.SchemeOf(hash));
        Assert.True(StoredPasswordHash.Verify("pw", hash));
        Assert.False(StoredPasswordHash.Verify("pw2", hash));
    }
}
