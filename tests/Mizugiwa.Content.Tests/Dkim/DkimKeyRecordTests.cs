using Mizugiwa.Content.Dkim;

namespace Mizugiwa.Content.Tests.Dkim;

public sealed class DkimKeyRecordTests
{
    private const string Rsa512 = "MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBALgSoqXVSEmfcIsOzw7oRuCCOwsmtX/SJnTWxYyj2leFxfS/AVJ+dYfY+hXqMsT7l+MZvvh/R1WzN4MO/kI/7XsCAwEAAQ==";
    private const string Ed25519 = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

    [Theory]
    [InlineData("v=DKIM1; k=rsa; p=", "key revoked")]
    [InlineData("v=DKIM1; k=ed25519; p=AAAA", "ed25519 key has invalid length")]
    [InlineData("v=DKIM1; k=dsa; p=" + Rsa512, "key type dsa unsupported")]
    [InlineData("v=DKIM3; p=" + Rsa512, "key record version DKIM3 unsupported")]
    [InlineData("v=DKIM1; t; p=" + Rsa512, "key record syntax error")]
    [InlineData("v=DKIM1; p=" + Rsa512 + "; p=" + Rsa512, "key record syntax error")]
    [InlineData("v=DKIM1; k=rsa", "key record has no p= tag")]
    [InlineData("v=DKIM1; p=!!!", "key p= is not base64")]
    [InlineData("v=DKIM1; k=rsa; p=" + Ed25519, "key p= is not an RSA public key")]
    public void Unusable_records_say_why(string text, string reason)
    {
        Assert.Null(DkimKeyRecord.Parse(text, out var error));
        Assert.Equal(reason, error);
    }

    [Fact]
    public void Reads_restrictions_and_folded_p()
    {
        var key = DkimKeyRecord.Parse($"v=DKIM1; h=sha256; s=email:web; t=y:s; x1=ignored; p={Rsa512[..20]} \t {Rsa512[20..]};", out var error);

        Assert.Null(error);
        Assert.NotNull(key);
        Assert.Equal(("rsa", 512), (key.KeyType, key.KeyBits));
        Assert.True(key.AllowsHash("sha256"));
        Assert.False(key.AllowsHash("sha1"));
        Assert.True(key.AllowsEmail);
        Assert.True(key.IsTesting);
        Assert.True(key.RequiresSameDomain);
    }

    [Fact]
    public void Ed25519_key_is_32_raw_octets()
    {
        var key = DkimKeyRecord.Parse($"k=ed25519; p={Ed25519}", out _);

        Assert.Equal(("ed25519", 256), (key!.KeyType, key.KeyBits));
        Assert.True(key.AllowsHash("sha256"));
        Assert.True(key.AllowsEmail);
    }
}
