using System.Diagnostics;
using Mizugiwa.Storage.Passwords;

namespace Mizugiwa.Storage.Tests;

/// <summary>glibc SHA-512 crypt against the vectors of Drepper's specification and against openssl.</summary>
public sealed class Sha512CryptTests
{
    [Theory]
    [InlineData("$6$saltstring", "Hello world!", "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1")]
    [InlineData("$6$rounds=10000$saltstringsaltstring", "Hello world!", "$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.")]
    [InlineData("$6$rounds=5000$toolongsaltstring", "This is just a test", "$6$rounds=5000$toolongsaltstrin$lQ8jolhgVRVhY4b5pZKaysCLi0QBxGoNeKQzQ3glMhwllF7oGDZxUhx1yxdYcz/e1JSbq3y6JMxxl8audkUEm0")]
    [InlineData("$6$rounds=1400$anotherlongsaltstring", "a very much longer text to encrypt.  This one even stretches over morethan one line.", "$6$rounds=1400$anotherlongsalts$POfYwTEok97VWcjxIiSOjiykti.o/pQs.wPvMxQ6Fm7I6IoYN3CmLs66x9t0oSwbtEW7o7UmJEiDwGqd8p4ur1")]
    [InlineData("$6$rounds=77777$short", "we have a short salt string but not a short password", "$6$rounds=77777$short$WuQyW2YR.hBNpjjRhpYD/ifIw05xdfeEyQoMxIXbkvr0gge1a1x3yRULJ5CCaUeOxFmtlcGZelFl5CxtgfiAc0")]
    [InlineData("$6$rounds=123456$asaltof16chars..", "a short string", "$6$rounds=123456$asaltof16chars..$BtCwjqMJGx5hrJhZywWvt0RLE8uZ4oPwcelCjmw2kSYu.Ec6ycULevoBK25fs2xXgMNrCzIMVcgEJAstJeonj1")]
    [InlineData("$6$rounds=10$roundstoolow", "the minimum number is still observed", "$6$rounds=1000$roundstoolow$kUMsbe306n21p9R.FRkW3IGn.S9NPN0x50YhH1xhLsPuWGsUSklZt58jaTfF4ZEQpyUNGc0dqbpBYYBaHHrsX.")]
    public void Crypt_gives_the_specification_vectors_and_verifies_them(string setting, string password, string expected)
    {
        Assert.Equal(expected, Sha512Crypt.Crypt(password, setting));
        Assert.True(Sha512Crypt.Verify(password, expected));
        Assert.False(Sha512Crypt.Verify(password + "x", expected));
    }

    [Fact]
    public void A_utf8_password_matches_glibc()
    {
        // python3 crypt.crypt("pässwörd", "$6$rounds=1000$umlaut") with glibc/libxcrypt
        const string Glibc = "$6$rounds=1000$umlaut$TDXkB6Pg7KQGkdJ50eclairfQhF18VbhBv.IQBcXpJdslHqPxImGpm/BcU.y3HhtoaTV5Qc9uYEbfPlokGv3J.";
        Assert.True(Sha512Crypt.Verify("pässwörd", Glibc));
        Assert.False(Sha512Crypt.Verify("passwörd", Glibc));
    }

    [Fact]
    public async Task A_hash_made_by_openssl_passwd_verifies()
    {
        var password = "Tr0ub4dor&3 with spaces, long enough to pass 64 bytes of key material in one go!";
        var start = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "passwd", "-6", "-salt", "Mizugiwa.Salt/1", password }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var hash = (await process.StandardOutput.ReadToEndAsync()).Trim();
        await process.WaitForExitAsync();

        Assert.StartsWith("$6$Mizugiwa.Salt/1$", hash);
        Assert.True(Sha512Crypt.Verify(password, hash));
        Assert.False(Sha512Crypt.Verify(password[..^1], hash));
    }

    [Theory]
    [InlineData("$6$salt$tooshort")]
    [InlineData("$6$rounds=x$salt$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1")]
    [InlineData("$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZF7lrbJe1")]
    [InlineData("$6$salt")]
    public void Malformed_hashes_are_not_well_formed_and_never_verify(string hash)
    {
        Assert.False(Sha512Crypt.IsWellFormed(hash));
        Assert.False(Sha512Crypt.Verify("Hello world!", hash));
    }
}
