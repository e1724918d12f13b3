using System.Net;
using Mizugiwa.Policy.Dnsbl;

namespace Mizugiwa.Policy.Tests.Dnsbl;

public sealed class DnsblQueryNameTests
{
    [Theory]
    [InlineData("192.0.2.1", "zen.example", "1.2.0.192.zen.example")]
    [InlineData("127.0.0.2", "bl.example.", "2.0.0.127.bl.example")]
    [InlineData("10.20.30.40", "BL.Example", "40.30.20.10.bl.example")]
    [InlineData("::ffff:192.0.2.1", "zen.example", "1.2.0.192.zen.example")]
    public void Ipv4_octets_are_reversed(string address, string zone, string expected) =>
        Assert.Equal(expected, DnsblQueryName.For(IPAddress.Parse(address), zone));

    [Fact]
    public void Ipv6_nibbles_are_reversed()
    {
        // RFC 5782 section 2.4
        var name = DnsblQueryName.For(IPAddress.Parse("2001:db8:1:2:3:4:567:89ab"), "ugly.example.com");
        Assert.Equal("b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.ugly.example.com", name);
    }

    [Fact]
    public void Ipv6_zero_runs_are_written_out()
    {
        var name = DnsblQueryName.For(IPAddress.Parse("2001:db8::1"), "bl.example");
        Assert.Equal(32, name[..^"bl.example".Length].Count(c => c == '.'));
        Assert.StartsWith("1.0.0.0.0.0.0.0.", name, StringComparison.Ordinal);
        Assert.EndsWith(".8.b.d.0.1.0.0.2.bl.example", name, StringComparison.Ordinal);
    }
}
