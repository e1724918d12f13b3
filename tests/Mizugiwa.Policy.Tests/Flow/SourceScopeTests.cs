using System.Net;
using Mizugiwa.Policy.Flow;

namespace Mizugiwa.Policy.Tests.Flow;

public sealed class SourceScopeTests
{
    [Theory]
    [InlineData("192.0.2.7", "192.0.2.7", false)]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7", false)]
    [InlineData("192.0.2.0/24", "192.0.2.0/24", true)]
    [InlineData("2001:db8:0:1::/64", "2001:db8:0:1::/64", true)]
    [InlineData("2001:db8::5", "2001:db8::5", false)]
    public void Parses_addresses_and_counted_networks(string text, string expected, bool isNetwork)
    {
        Assert.True(SourceScope.TryParse(text, out var scope));
        Assert.Equal(expected, scope.Text);
        Assert.Equal(isNetwork, scope.IsNetwork);
    }

    [Theory]
    [InlineData("192.0.2.0/25")]
    [InlineData("192.0.0.0/16")]
    [InlineData("2001:db8::/48")]
    [InlineData("example.org")]
    [InlineData("")]
    public void Refuses_what_is_not_counted(string text) => Assert.False(SourceScope.TryParse(text, out _));

    [Fact]
    public void Network_of_an_address_is_its_24_or_64()
    {
        Assert.Equal("net:192.0.2.0/24", SourceScope.NetworkOf(IPAddress.Parse("192.0.2.200")).Key);
        Assert.Equal("net:2001:db8:1:2::/64", SourceScope.NetworkOf(IPAddress.Parse("2001:db8:1:2:3:4:5:6")).Key);
        Assert.Equal("ip:192.0.2.200", SourceScope.Of(IPAddress.Parse("::ffff:192.0.2.200")).Key);
    }
}
