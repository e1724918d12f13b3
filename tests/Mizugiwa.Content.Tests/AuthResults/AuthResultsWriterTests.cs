using Mizugiwa.Content.AuthResults;

namespace Mizugiwa.Content.Tests.AuthResults;

public sealed class AuthResultsWriterTests
{
    private static readonly AuthResultEntry Spf = new("spf", "pass", null, [new("smtp.mailfrom", "example.com")]);
    private static readonly AuthResultEntry Dkim = new("dkim", "fail", "signature did not verify",
        [new("header.d", "example.com"), new("header.s", "sel"), new("header.a", "rsa-sha256"), new("header.b", "ab/+cd=e")]);

    [Fact]
    public void Renders_one_resinfo_per_folded_line()
    {
        var field = AuthResultsWriter.RenderField("mx.example.test", [Spf, Dkim]);

        Assert.Equal(
            "Authentication-Results: mx.example.test;\r\n\tspf=pass smtp.mailfrom=example.com;\r\n" +
            "\tdkim=fail reason=\"signature did not verify\" header.d=example.com\r\n" +
            "\t header.s=sel header.a=rsa-sha256 header.b=\"ab/+cd=e\"\r\n", field);
        Assert.All(field.Split("\r\n"), line => Assert.True(line.Length <= 78, line));
    }

    [Fact]
    public void No_results_is_none()
    {
        Assert.Equal("mx.example.test; none", AuthResultsWriter.RenderValue("mx.example.test", []));
    }

    [Fact]
    public void What_we_write_parses_back()
    {
        var value = AuthResultsWriter.RenderValue("mx.example.test", [Spf, Dkim]);

        var parsed = AuthResultsParser.Parse(value);

        Assert.NotNull(parsed);
        Assert.Equal("mx.example.test", parsed.AuthservId);
        Assert.Equal(["spf=pass", "dkim=fail"], parsed.Results.Select(r => $"{r.Method}={r.Result}"));
        Assert.Equal("signature did not verify", parsed.Results[1].Reason);
        Assert.Equal(Dkim.Properties, parsed.Results[1].Properties);
    }

    [Fact]
    public void Quotes_inside_reasons_are_escaped()
    {
        var value = AuthResultsWriter.RenderValue("mx.example.test", [new AuthResultEntry("dkim", "permerror", "bad \"tag\"", [])]);

        Assert.Equal("bad \"tag\"", AuthResultsParser.Parse(value)!.Results[0].Reason);
    }
}
