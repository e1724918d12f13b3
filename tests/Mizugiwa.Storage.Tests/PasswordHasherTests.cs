namespace Mizugiwa.Storage.Tests;

public sealed class PasswordHasherTests
{
    // Known answers from the Argon2 reference implementation (phc-winner-argon2, src/test.c).
    private const string ReferenceM256 = "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";
    private const string ReferenceM65536 = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";

    [Theory]
    [InlineData(ReferenceM256)]
    [InlineData(ReferenceM65536)]
    public void ReferenceHashesVerify(string phc)
    {
        Assert.True(PasswordHasher.Verify("password", phc));
        Assert.False(PasswordHasher.Verify("passwore", phc));
    }

    [Fact]
    public void HashHasThePhcFormatAndRoundTrips()
    {
        var phc = PasswordHasher.Hash("correct horse");
        Assert.Matches(@"^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$", phc);
        Assert.True(PasswordHasher.Verify("correct horse", phc));
        Assert.False(PasswordHasher.Verify("correct horse ", phc));
        Assert.False(PasswordHasher.Verify("", phc));
    }

    [Fact]
    public void EmptyPasswordIsRefused() =>
        Assert.Throws<ArgumentException>(() => PasswordHasher.Hash(""));

    [Fact]
    public void EachHashHasItsOwnSalt() =>
        Assert.NotEqual(PasswordHasher.Hash("same"), PasswordHasher.Hash("same"));

    [Fact]
    public void NonAsciiPasswordRoundTrips() =>
        Assert.True(PasswordHasher.Verify("水際パスワード", PasswordHasher.Hash("水際パスワード")));

    [Theory]
    [InlineData("$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGj/4")] // hash changed
    [InlineData("$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHR$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4")] // salt: non-canonical base64
    [InlineData("$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/5")] // hash: non-canonical base64
    [InlineData("$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbGQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4")] // salt changed
    [InlineData("$argon2id$v=19$m=512,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4")] // memory changed
    [InlineData("$argon2id$v=19$m=256,t=3,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4")] // passes changed
    [InlineData("$argon2i$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4")] // other variant
    [InlineData("$argon2id$v=16$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4")] // other version
    [InlineData("$argon2id$v=19$t=2,m=256,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4")] // parameter order
    [InlineData("$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ=$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4")] // padding
    [InlineData("$argon2id$v=19$m=99999999,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4")] // too costly
    [InlineData("$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ")]
    [InlineData("")]
    [InlineData("plain text")]
    public void TamperedOrMalformedHashesDoNotVerify(string phc) =>
        Assert.False(PasswordHasher.Verify("password", phc));
}
