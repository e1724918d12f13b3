using Mizugiwa.Content.AuthResults;

namespace Mizugiwa.Content.Tests.AuthResults;

public sealed class LenientAuthResultsParserTests
{
    [Fact]
    public void A_conformant_field_is_read_by_the_rfc_parser()
    {
        var parsed = AuthResultsParser.Parse("mx.example.org; dkim=pass header.d=example.org");

        Assert.False(parsed!.Lenient);
    }

    [Fact]
    public void Non_rfc_properties_are_read_and_marked_lenient()
    {
        var parsed = AuthResultsParser.Parse("mx.example.org; dkim=pass (good) header.d=example.org x-bits=1024 address=a=b@example.org; spf=fail");

        Assert.True(parsed!.Lenient);
        Assert.Equal(["dkim=pass", "spf=fail"], parsed.Results.Select(r => $"{r.Method}={r.Result}"));
        Assert.Equal([new("header.d", "example.org"), new("x-bits", "1024"), new("address", "a=b@example.org")], parsed.Results[0].Properties);
    }

    [Theory]
    [InlineData("spf=pass smtp.mailfrom=example.org; mx.example.org")]
    [InlineData("mx.example.org; dkim = = pass")]
    [InlineData("mx.example.org; none dkim=pass")]
    [InlineData("mx.example.org; dkim=pass header.d=\"unterminated")]
    public void Malformed_fields_stay_unparseable(string value) => Assert.Null(AuthResultsParser.Parse(value));
}
