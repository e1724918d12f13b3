using static Mizugiwa.Tests.SettingsEnvironment;
using Mizugiwa.Configuration;

namespace Mizugiwa.Tests;

/// <summary>The Imap section: its defaults, and values that cannot be used named by key at start.</summary>
public sealed class ImapConfigurationTests
{
    [Fact]
    public void Both_listeners_are_on_by_default_on_loopback_high_ports()
    {
        var imap = ConfigurationLoader.Load(null, Env()).Imap;
        Assert.True(imap.Enabled && imap.ImplicitTlsEnabled);
        Assert.Equal(("127.0.0.1", 5143, "127.0.0.1", 5993), (imap.Address, imap.Port, imap.ImplicitTlsAddress, imap.ImplicitTlsPort));
        Assert.Equal(30, imap.IdleTimeoutMinutes);
        Assert.Equal(8192, imap.MaxLineLength);
    }

    [Theory]
    [InlineData("Imap__Port", "70000", "Imap:Port 70000 must be within 0..65535")]
    [InlineData("Imap__Port", "abc", "Imap:Port 'abc' is not")]
    [InlineData("Imap__Address", "localhost", "Imap:Address 'localhost' is not an IP address")]
    [InlineData("Imap__ImplicitTlsAddress", "::g", "Imap:ImplicitTlsAddress '::g' is not an IP address")]
    [InlineData("Imap__IdleTimeoutMinutes", "29", "Imap:IdleTimeoutMinutes 29 must be within 30..1440")]
    [InlineData("Imap__MaxLineLength", "100", "Imap:MaxLineLength 100 must be within 1024..1048576")]
    [InlineData("Imap__MaxConnections", "0", "Imap:MaxConnections 0 must be at least 1")]
    [InlineData("Imap__IdlePollSeconds", "0", "Imap:IdlePollSeconds 0 must be within 1..600")]
    [InlineData("Imap__Prot", "143", "unknown configuration key(s): Imap:Prot")]
    public void A_value_that_cannot_be_used_is_named_by_its_key(string key, string value, string named)
    {
        var e = Assert.Throws<ConfigurationProblemException>(() => ConfigurationLoader.Load(null, Env((key, value))));
        Assert.Contains(named, e.Message);
    }

    [Fact]
    public void An_imap_port_may_not_be_another_listeners_port_unless_that_listener_is_off()
    {
        var e = Assert.Throws<ConfigurationProblemException>(() => ConfigurationLoader.Load(null, Env(("Imap__Port", "5110"))));
        Assert.Contains("Pop3:Port and Imap:Port are the same port 5110", e.Message);
        e = Assert.Throws<ConfigurationProblemException>(() => ConfigurationLoader.Load(null, Env(("Imap__Port", "5993"))));
        Assert.Contains("Imap:Port and Imap:ImplicitTlsPort are the same port 5993", e.Message);
        Assert.Equal(5993, ConfigurationLoader.Load(null, Env(("Imap__Port", "5993"), ("Imap__ImplicitTlsEnabled", "false"))).Imap.Port);
    }
}
