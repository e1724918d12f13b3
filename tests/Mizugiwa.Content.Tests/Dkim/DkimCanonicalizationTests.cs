using System.Text;
using Mizugiwa.Content.Dkim;
using Mizugiwa.Content.Tests.Dkim.Support;

namespace Mizugiwa.Content.Tests.Dkim;

public sealed class DkimCanonicalizationTests
{
    /// <summary>The example of RFC 6376 §3.4.5.</summary>
    private const string Rfc6376Example = "A: X\r\nB : Y\t\r\n\tZ  \r\n\r\n C \r\nD \t E\r\n\r\n\r\n";

    [Fact]
    public void Rfc6376_example_relaxed_headers_and_body()
    {
        var message = RawMessage.Parse(Encoding.ASCII.GetBytes(Rfc6376Example));

        Assert.Equal(["a:X", "b:Y Z"], message.Headers.Select(h => DkimCanonicalization.Header(h.Field, relaxed: true)));
        Assert.Equal(" C\r\nD E\r\n", Encoding.ASCII.GetString(DkimCanonicalization.Body(message.Body.Span, relaxed: true)));
    }

    [Fact]
    public void Rfc6376_example_simple_headers_and_body()
    {
        var message = RawMessage.Parse(Encoding.ASCII.GetBytes(Rfc6376Example));

        Assert.Equal(["A: X", "B : Y\t\r\n\tZ  "], message.Headers.Select(h => DkimCanonicalization.Header(h.Field, relaxed: false)));
        Assert.Equal(" C \r\nD \t E\r\n", Encoding.ASCII.GetString(DkimCanonicalization.Body(message.Body.Span, relaxed: false)));
    }

    [Theory]
    [InlineData("", false, "\r\n")]
    [InlineData("", true, "")]
    [InlineData("\r\n\r\n", false, "\r\n")]
    [InlineData(" \r\n", true, "")]
    [InlineData("no newline", false, "no newline\r\n")]
    [InlineData("bare\nlf\n", true, "bare\r\nlf\r\n")]
    public void Empty_bodies_and_missing_line_ends(string body, bool relaxed, string expected) =>
        Assert.Equal(expected, Encoding.ASCII.GetString(DkimCanonicalization.Body(Encoding.ASCII.GetBytes(body), relaxed)));

    [Fact]
    public void Signature_value_is_emptied_and_everything_else_kept()
    {
        var field = "DKIM-Signature: v=1; bh=abc=; b=sig\r\n\tnature ; d=example.org";

        Assert.Equal("DKIM-Signature: v=1; bh=abc=; b=; d=example.org", DkimCanonicalization.WithoutSignature(field));
    }

    [Fact]
    public void Body_length_limits_what_is_hashed_and_a_longer_one_cannot_verify()
    {
        var message = RawMessage.Parse(Encoding.ASCII.GetBytes("From: a@example.org\r\n\r\nsigned\r\nappended later\r\n"));
        var prefix = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData("signed\r\n"u8));

        Assert.Equal(prefix, DkimBodyHash.Compute(message, "rsa-sha256", relaxed: false, length: 8));
        Assert.Null(DkimBodyHash.Compute(message, "rsa-sha256", relaxed: false, length: 1000));
    }

    [Fact]
    public void Header_fields_keep_their_octets_folding_and_order()
    {
        var message = RawMessage.Parse("Subject: caf\u00e9\r\n folded\r\nnot a field\r\nTo: b@example.org\r\n\r\nbody"u8.ToArray());

        Assert.Equal(["Subject", "To"], message.Headers.Select(h => h.Name));
        Assert.Equal("Subject: caf\u00c3\u00a9\r\n folded", message.Headers[0].Field); // UTF-8 octets, one char each
        Assert.Equal("body", Encoding.ASCII.GetString(message.Body.Span));
    }

    [Fact]
    public void Dkim_and_arc_share_one_split_of_a_message()
    {
        var message = ContentMessageReader.Read("From: a@example.org\r\n\r\nhi\r\n"u8.ToArray(), DkimTestKit.Envelope);

        Assert.Same(RawMessage.Of(message), RawMessage.Of(message));
    }
}
