using System.Net;
using System.Text;
using Mizugiwa.Smtp.Tests.Support;

namespace Mizugiwa.Smtp.Tests;

public sealed class XclientTests
{
    private static SessionHarness Trusting() => new()
    {
        Options = new() { HostName = "mx.example.test", XclientNetworks = [IPNetwork.Parse("127.0.0.0/8")] },
    };

    [Fact]
    public async Task Xclient_gives_the_session_another_client()
    {
        var h = Trusting();
        var transcript = await h.RunAsync("EHLO relay.test\r\nXCLIENT ADDR=192.0.2.5 NAME=mail.sender.test HELO=mail.sender.test\r\n" +
            "EHLO mail.sender.test\r\nMAIL FROM:<a@sender.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\nx\r\n.\r\nQUIT\r\n");
        Assert.Contains("250-XCLIENT NAME ADDR PROTO HELO\r\n", transcript);
        Assert.Equal(["220", "250", "220", "250", "250", "250", "354", "250", "221"], SessionHarness.Codes(transcript));
        var (envelope, content) = Assert.Single(h.Spool.Committed);
        Assert.Equal("192.0.2.5", envelope.ClientAddress);
        Assert.StartsWith("Received: from mail.sender.test (mail.sender.test [192.0.2.5])", Encoding.UTF8.GetString(content));
    }

    [Fact]
    public async Task Xclient_name_unavailable_is_unknown_and_xtext_is_decoded()
    {
        var h = Trusting();
        await h.RunAsync("XCLIENT ADDR=IPV6:2001:db8::5 NAME=[UNAVAILABLE] HELO=odd+20name\r\nEHLO x\r\nMAIL FROM:<>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\nx\r\n.\r\n");
        var content = Encoding.UTF8.GetString(Assert.Single(h.Spool.Committed).Content);
        Assert.StartsWith("Received: from x (unknown [2001:db8::5])", content);
    }

    [Fact]
    public async Task Untrusted_clients_may_not_use_it()
    {
        var transcript = await new SessionHarness().RunAsync("EHLO x\r\nXCLIENT ADDR=192.0.2.5\r\nQUIT\r\n");
        Assert.DoesNotContain("XCLIENT", transcript.Split("\r\n")[1..^2].First(l => l.StartsWith("250 ", StringComparison.Ordinal)));
        Assert.Contains("\r\n550 5.7.0 Error: insufficient authorization", transcript);
    }

    [Theory]
    [InlineData("XCLIENT ADDR=not-an-ip", "501")]
    [InlineData("XCLIENT COLOUR=blue", "501")]
    [InlineData("XCLIENT", "501")]
    public async Task Bad_attributes_are_refused(string command, string code)
    {
        var transcript = await Trusting().RunAsync($"EHLO x\r\n{command}\r\nQUIT\r\n");
        Assert.Equal(["220", "250", code, "221"], SessionHarness.Codes(transcript));
    }

    [Fact]
    public async Task Not_allowed_inside_a_transaction()
    {
        var transcript = await Trusting().RunAsync("EHLO x\r\nMAIL FROM:<>\r\nXCLIENT ADDR=192.0.2.5\r\nQUIT\r\n");
        Assert.Equal(["220", "250", "250", "503", "221"], SessionHarness.Codes(transcript));
    }
}
