using System.Net;
using Mizugiwa.Policy.Dns;

namespace Mizugiwa.Policy.Tests.Dns;

public sealed class DnsServerEndpointTests
{
    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1", 53)]
    [InlineData("127.0.0.1:5399", "127.0.0.1", 5399)]
    [InlineData(" 192.0.2.53 ", "192.0.2.53", 53)]
    [InlineData("::1", "::1", 53)]
    [InlineData("[::1]:5353", "::1", 5353)]
    [InlineData("[2001:db8::53]", "2001:db8::53", 53)]
    public void Parses_ip_and_ip_port(string text, string address, int port)
    {
        var endPoint = DnsServerEndpoint.Parse(text);
        Assert.Equal(IPAddress.Parse(address), endPoint.Address);
        Assert.Equal(port, endPoint.Port);
    }

    [Theory]
    [InlineData("")]
    [InlineData("dns.example")]
    [InlineData("127.0.0.1:notaport")]
    [InlineData("127.0.0.1:70000")]
    public void Rejects_what_is_not_an_address(string text) =>
        Assert.Throws<FormatException>(() => DnsServerEndpoint.Parse(text));
}
