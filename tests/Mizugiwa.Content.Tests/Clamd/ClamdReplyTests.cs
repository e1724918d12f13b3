using Mizugiwa.Content.Clamd;

namespace Mizugiwa.Content.Tests.Clamd;

public sealed class ClamdReplyTests
{
    [Theory]
    [InlineData("stream: OK\0", ClamdStatus.Clean, null, null)]
    [InlineData("stream: Eicar-Test-Signature FOUND\0", ClamdStatus.Infected, "Eicar-Test-Signature", null)]
    [InlineData("stream: Win.Trojan.Agent-1 FOUND\n", ClamdStatus.Infected, "Win.Trojan.Agent-1", null)]
    [InlineData("INSTREAM size limit exceeded. ERROR", ClamdStatus.Error, null, "INSTREAM size limit exceeded.")]
    [InlineData("", ClamdStatus.Error, null, "empty reply")]
    [InlineData("UNKNOWN COMMAND", ClamdStatus.Error, null, "unexpected reply: UNKNOWN COMMAND")]
    public void Reads_the_reply(string reply, ClamdStatus status, string? signature, string? error)
    {
        var result = ClamdReply.Parse(reply);
        Assert.Equal(status, result.Status);
        Assert.Equal(signature, result.Signature);
        Assert.Equal(error, result.Error);
    }

    [Theory]
    [InlineData("127.0.0.1:3310", "127.0.0.1:3310")]
    [InlineData("[::1]:3310", "[::1]:3310")]
    [InlineData("unix:/run/clamav/clamd.ctl", "/run/clamav/clamd.ctl")]
    [InlineData("/run/clamav/clamd.ctl", "/run/clamav/clamd.ctl")]
    public void Reads_the_endpoint(string endpoint, string expected) =>
        Assert.Equal(expected, ClamdScanner.ParseEndpoint(endpoint).ToString());
}
