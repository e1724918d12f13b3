using System.Text;
using Mizugiwa.Content.AuthResults;
using MimeKit;

namespace Mizugiwa.Content.Tests.AuthResults;

public sealed class OurAuthResultsTests
{
    [Theory]
    [InlineData("mx.example.test; spf=pass smtp.mailfrom=example.com", true)]
    [InlineData("MX.Example.TEST; dkim=pass header.d=example.com", true)]
    [InlineData("(forged) mx.example.test 1; none", true)]
    [InlineData("mx.example.test;spf=pass", true)]
    [InlineData("mx.example.test ;; this is = = not parseable", true)]
    [InlineData("mx.example.test.evil; spf=pass", false)]
    [InlineData("other.example; spf=pass smtp.mailfrom=mx.example.test", false)]
    [InlineData("", false)]
    public void Recognises_our_authserv_id_case_insensitively_even_in_malformed_fields(string value, bool ours)
    {
        Assert.Equal(ours, OurAuthResults.ClaimsToBe(value, "mx.example.test"));
    }

    [Fact]
    public void Finds_only_our_fields_in_a_message()
    {
        var raw = "Authentication-Results: other.example; spf=pass smtp.mailfrom=a.example\r\n" +
                  "Authentication-Results: MX.example.test; dkim=pass header.d=a.example\r\n" +
                  "From: a@a.example\r\nSubject: x\r\n\r\nbody\r\n";
        var message = MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(raw)));

        var ours = OurAuthResults.Find(message.Headers, "mx.example.test");

        Assert.Equal(" MX.example.test; dkim=pass header.d=a.example", Assert.Single(ours).Value.Insert(0, " "));
    }
}
