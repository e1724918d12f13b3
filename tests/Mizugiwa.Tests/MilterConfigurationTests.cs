using static Mizugiwa.Tests.SettingsEnvironment;
using Mizugiwa.Configuration;

namespace Mizugiwa.Tests;

/// <summary>The Milter section: its defaults, values that cannot be used named by key at start, and port clashes.</summary>
public sealed class MilterConfigurationTests
{
    [Fact]
    public void The_milter_is_off_by_default_and_would_listen_on_loopback_10041()
    {
        var milter = ConfigurationLoader.Load(null, Env()).Milter;
        Assert.False(milter.Enabled);
        Assert.Equal(("127.0.0.1", 10041), (milter.Address, milter.Port));
        Assert.Equal((65536, 330, 30, 240), (milter.MaxPacketBytes, milter.IdleTimeoutSeconds, milter.PacketTimeoutSeconds, milter.ScanTimeoutSeconds));
        Assert.Equal(100, milter.MaxConnections);
    }

    [Fact]
    public void The_packet_timeout_and_the_connection_limit_reach_the_connection_handler()
    {
        var options = ConfigurationLoader.Load(null, Env(("Milter__PacketTimeoutSeconds", "5"), ("Milter__MaxConnections", "7"), ("Milter__IdleTimeoutSeconds", "60")));
        var handler = Mizugiwa.Hosting.MilterHosting.HandlerOptions(options, _ => false);
        Assert.Equal((TimeSpan.FromSeconds(5), 7, TimeSpan.FromSeconds(60)), (handler.PacketTimeout, handler.MaxConnections, handler.IdleTimeout));
    }

    [Theory]
    [InlineData("Milter__Port", "70000", "Milter:Port 70000 must be within 0..65535")]
    [InlineData("Milter__Port", "abc", "Milter:Port 'abc' is not")]
    [InlineData("Milter__Enabled", "maybe", "Milter:Enabled 'maybe' is not")]
    [InlineData("Milter__Address", "localhost", "Milter:Address 'localhost' is not an IP address")]
    [InlineData("Milter__MaxPacketBytes", "4096", "Milter:MaxPacketBytes 4096 must be within 65536..16777216")]
    [InlineData("Milter__IdleTimeoutSeconds", "0", "Milter:IdleTimeoutSeconds 0 must be within 1..")]
    [InlineData("Milter__ScanTimeoutSeconds", "-1", "Milter:ScanTimeoutSeconds -1 must be within 1..")]
    [InlineData("Milter__PacketTimeoutSeconds", "0", "Milter:PacketTimeoutSeconds 0 must be within 1..")]
    [InlineData("Milter__PacketTimeoutSeconds", "5000000", "Milter:PacketTimeoutSeconds 5000000 must be within 1..")]
    [InlineData("Milter__PacketTimeoutSeconds", "30s", "Milter:PacketTimeoutSeconds '30s' is not")]
    [InlineData("Milter__MaxConnections", "0", "Milter:MaxConnections 0 must be at least 1")]
    [InlineData("Milter__MaxConnections", "-5", "Milter:MaxConnections -5 must be at least 1")]
    [InlineData("Milter__Prot", "1", "unknown configuration key(s): Milter:Prot")]
    public void A_value_that_cannot_be_used_is_named_by_its_key(string key, string value, string named)
    {
        var e = Assert.Throws<ConfigurationProblemException>(() => ConfigurationLoader.Load(null, Env((key, value))));
        Assert.Contains(named, e.Message);
    }

    [Fact]
    public void The_milter_port_may_not_be_another_listeners_port_while_it_is_on()
    {
        var e = Assert.Throws<ConfigurationProblemException>(() => ConfigurationLoader.Load(null, Env(("Milter__Enabled", "true"), ("Milter__Port", "2525"))));
        Assert.Contains("Mx:Port and Milter:Port are the same port 2525", e.Message);
        e = Assert.Throws<ConfigurationProblemException>(() => ConfigurationLoader.Load(null,
            Env(("Milter__Enabled", "true"), ("PolicyServer__Enabled", "true"), ("PolicyServer__Port", "10041"))));
        Assert.Contains("PolicyServer:Port and Milter:Port are the same port 10041", e.Message);
        Assert.Equal(2525, ConfigurationLoader.Load(null, Env(("Milter__Port", "2525"))).Milter.Port);
    }
}
