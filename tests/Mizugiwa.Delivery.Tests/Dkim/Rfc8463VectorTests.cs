namespace Mizugiwa.Delivery.Tests.Dkim;

/// <summary>The verification side we test with (MimeKit and our record locator) passes the RFC 8463 example.</summary>
public sealed class Rfc8463VectorTests
{
    [Fact]
    public void Both_signatures_of_the_RFC_8463_example_verify()
    {
        var results = DkimVerification.Verify(Rfc8463Vector.SignedMessage + "\n", Rfc8463Vector.Records);

        Assert.Equal([("ed25519-sha256", true), ("rsa-sha256", true)], results);
    }

    [Fact]
    public void A_changed_body_fails_both()
    {
        var changed = Rfc8463Vector.SignedMessage.Replace("We lost the game.", "We won the game.", StringComparison.Ordinal) + "\n";

        Assert.Equal([("ed25519-sha256", false), ("rsa-sha256", false)], DkimVerification.Verify(changed, Rfc8463Vector.Records));
    }
}
