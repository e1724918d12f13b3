using System.Collections;
using Mizugiwa.Configuration;

namespace Mizugiwa.Tests;

public sealed class GatewayConfigurationTests
{
    private static Hashtable Env(params (string Key, string Value)[] pairs) => SettingsEnvironment.Env([.. pairs.Select(p => ("Gateway__" + p.Key, p.Value))]);

    [Fact]
    public void Relay_domains_are_read_from_the_environment()
    {
        var options = ConfigurationLoader.Load(null, Env(
            ("Domains__0__Domain", "backend.test"), ("Domains__0__NextHop", "smtp:127.0.0.1:2526"), ("Domains__0__Verify", "probe"),
            ("Domains__1__Domain", "dir.test"), ("Domains__1__NextHop", "lmtp:[::1]:24"), ("Domains__1__Verify", "Directory"),
            ("UnknownCacheDays", "1")));
        Assert.Equal(["backend.test", "dir.test"], options.Gateway.Domains.Select(d => d.Domain));
        Assert.Equal("lmtp:[::1]:24", options.Gateway.Domains[1].NextHop);
        Assert.Equal(30, options.Gateway.ValidCacheDays);
        Assert.Equal(1, options.Gateway.UnknownCacheDays);
    }

    [Fact]
    public void No_relay_domains_by_default() => Assert.Empty(ConfigurationLoader.Load(null, Env()).Gateway.Domains);

    [Theory]
    [InlineData("NextHop", "backend.test:25", "Gateway:Domains:0:NextHop")]
    [InlineData("NextHop", "smtp:backend.test", "Gateway:Domains:0:NextHop")]
    [InlineData("Verify", "Maybe", "Gateway:Domains:0:Verify")]
    [InlineData("Domain", "not a domain", "Gateway:Domains:0:Domain")]
    public void Bad_relay_domains_are_named(string key, string value, string named)
    {
        var settings = new Dictionary<string, string> { ["Domain"] = "backend.test", ["NextHop"] = "smtp:127.0.0.1:25", ["Verify"] = "Probe" };
        settings[key] = value;
        var e = Assert.Throws<ConfigurationProblemException>(() => ConfigurationLoader.Load(null, Env([.. settings.Select(s => ("Domains__0__" + s.Key, s.Value))])));
        Assert.Contains(named, e.Message);
    }

    [Fact]
    public void A_domain_listed_twice_and_unknown_keys_are_refused()
    {
        var twice = Assert.Throws<ConfigurationProblemException>(() => ConfigurationLoader.Load(null, Env(
            ("Domains__0__Domain", "a.test"), ("Domains__0__NextHop", "smtp:h:25"),
            ("Domains__1__Domain", "A.test"), ("Domains__1__NextHop", "smtp:h:26"))));
        Assert.Contains("twice", twice.Message);
        var typo = Assert.Throws<ConfigurationProblemException>(() => ConfigurationLoader.Load(null, Env(("Domains__0__NextHopp", "smtp:h:25"))));
        Assert.Contains("Gateway:Domains:0:NextHopp", typo.Message);
    }
}
