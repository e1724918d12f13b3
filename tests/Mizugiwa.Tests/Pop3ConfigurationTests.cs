using static Mizugiwa.Tests.SettingsEnvironment;
using Mizugiwa.Configuration;

namespace Mizugiwa.Tests;

/// <summary>The Pop3 section: its defaults, and values that cannot be used named by key at start.</summary>
public sealed class Pop3ConfigurationTests
{
    [Fact]
    public void Both_listeners_are_on_by_default_on_loopback_high_ports()
    {
        var pop3 = ConfigurationLoader.Load(null, Env()).Pop3;
        Assert.True(pop3.Enabled && pop3.ImplicitTlsEnabled);
        Assert.Equal(("127.0.0.1", 5110, "127.0.0.1", 5995), (pop3.Address, pop3.Port, pop3.ImplicitTlsAddress, pop3.ImplicitTlsPort));
        Assert.False(pop3.AllowPlaintextAuth);
        Assert.Equal(600, pop3.IdleTimeoutSeconds);
    }

    [Theory]
    [InlineData("Pop3__Port", "70000", "Pop3:Port 70000 is outside 0..65535")]
    [InlineData("Pop3__ImplicitTlsPort", "-1", "Pop3:ImplicitTlsPort -1 is outside 0..65535")]
    [InlineData("Pop3__Port", "abc", "Pop3:Port 'abc' is not")]
    [InlineData("Pop3__Address", "localhost", "Pop3:Address 'localhost' is not an IP address")]
    [InlineData("Pop3__ImplicitTlsAddress", "::g", "Pop3:ImplicitTlsAddress '::g' is not an IP address")]
    [InlineData("Pop3__IdleTimeoutSeconds", "0", "Pop3:IdleTimeoutSeconds 0 must be within 1..4294967")]
    [InlineData("Pop3__MaxBadCommands", "0", "Pop3:MaxBadCommands 0 must be at least 1")]
    [InlineData("Pop3__MaxConnections", "0", "Pop3:MaxConnections 0 must be at least 1")]
    [InlineData("Pop3__Prot", "110", "unknown configuration key(s): Pop3:Prot")]
    public void A_value_that_cannot_be_used_is_named_by_its_key(string key, string value, string named)
    {
        var e = Assert.Throws<ConfigurationProblemException>(() => ConfigurationLoader.Load(null, Env((key, value))));
        Assert.Contains(named, e.Message);
    }

    [Fact]
    public void A_pop3_port_may_not_be_another_listeners_port_unless_that_listener_is_off()
    {
        var e = Assert.Throws<ConfigurationProblemException>(() => ConfigurationLoader.Load(null, Env(("Pop3__ImplicitTlsPort", "5587"))));
        Assert.Contains("Submission:Port and Pop3:ImplicitTlsPort are the same port 5587", e.Message);
        e = Assert.Throws<ConfigurationProblemException>(() => ConfigurationLoader.Load(null, Env(("Pop3__Port", "5995"))));
        Assert.Contains("Pop3:Port and Pop3:ImplicitTlsPort are the same port 5995", e.Message);
        Assert.Equal(5995, ConfigurationLoader.Load(null, Env(("Pop3__Port", "5995"), ("Pop3__ImplicitTlsEnabled", "false"))).Pop3.Port);
    }
}
