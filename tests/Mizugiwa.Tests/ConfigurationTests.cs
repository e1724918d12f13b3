using System.Collections;
using Mizugiwa.Configuration;

namespace Mizugiwa.Tests;

public sealed class ConfigurationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mizugiwa-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Hashtable Env(params (string Key, string Value)[] pairs)
    {
        var env = new Hashtable { ["PATH"] = "/usr/bin" };
        foreach (var (key, value) in pairs) env[key] = value;
        return env;
    }

    [Fact]
    public void No_configuration_gives_the_embedded_defaults()
    {
        var options = ConfigurationLoader.Load(null, Env());
        Assert.Equal("./data", options.DataDirectory);
        Assert.Equal("127.0.0.1", options.Mx.Address);
        Assert.Equal(2525, options.Mx.Port);
        Assert.Equal(100, options.Limits.MaxRecipients);
    }

    [Fact]
    public void File_then_environment_override_the_defaults()
    {
        var file = Path.Combine(_dir, "c.json");
        File.WriteAllText(file, """{ "HostName": "mx.file.test", "Mx": { "Port": 2600 }, "Limits": { "MaxRecipients": 50 } }""");
        var options = ConfigurationLoader.Load(file, Env(("MIZUGIWA__Mx__Port", "2700")));
        Assert.Equal("mx.file.test", options.HostName);
        Assert.Equal(2700, options.Mx.Port);
        Assert.Equal(50, options.Limits.MaxRecipients);
    }

    [Theory]
    [InlineData("MIZUGIWA__Mx__Port", "70000", "Mx:Port")]
    [InlineData("MIZUGIWA__Mx__Address", "not-an-ip", "Mx:Address")]
    [InlineData("MIZUGIWA__HostName", "bad host", "HostName")]
    [InlineData("MIZUGIWA__Limits__MaxCommandLineLength", "100", "Limits:MaxCommandLineLength")]
    [InlineData("MIZUGIWA__Limits__MaxRecipients", "0", "Limits:MaxRecipients 0 must be within 1..10000")]
    [InlineData("MIZUGIWA__Limits__MaxRecipients", "10001", "Limits:MaxRecipients 10001 must be within 1..10000")]
    [InlineData("MIZUGIWA__Recipients__SubaddressDelimiters", "@", "SubaddressDelimiters")]
    [InlineData("MIZUGIWA__Tls__CertificatePath", "/nonexistent/cert.pem", "Tls:CertificatePath")]
    [InlineData("MIZUGIWA__Forwarding__SrsSecret", "not base64!", "Forwarding:SrsSecret must be base64 of at least 16 bytes")]
    [InlineData("MIZUGIWA__Forwarding__SrsSecret", "c2hvcnQ=", "Forwarding:SrsSecret must be base64 of at least 16 bytes")]
    [InlineData("MIZUGIWA__Forwarding__SrsMaxAgeDays", "0", "Forwarding:SrsMaxAgeDays")]
    [InlineData("MIZUGIWA__Forwarding__MaxReceivedHops", "0", "Forwarding:MaxReceivedHops")]
    public void Bad_values_are_named(string key, string value, string named)
    {
        var e = Assert.Throws<ConfigurationProblemException>(() => ConfigurationLoader.Load(null, Env((key, value))));
        Assert.Contains(named, e.Message);
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_named()
    {
        var e = Assert.Throws<ConfigurationProblemException>(() => ConfigurationLoader.Load(null, Env(("MIZUGIWA__Mx__Port", "twenty"))));
        Assert.Contains("twenty", e.Message);
    }

    [Fact]
    public void Unknown_keys_and_broken_files_are_refused()
    {
        var unknown = Path.Combine(_dir, "u.json");
        File.WriteAllText(unknown, """{ "Mx": { "Prot": 25 } }""");
        Assert.Contains("Mx:Prot", Assert.Throws<ConfigurationProblemException>(() => ConfigurationLoader.Load(unknown, Env())).Message);

        var broken = Path.Combine(_dir, "b.json");
        File.WriteAllText(broken, "{ \"Mx\": ");
        Assert.Contains("not valid JSON", Assert.Throws<ConfigurationProblemException>(() => ConfigurationLoader.Load(broken, Env())).Message);

        Assert.Contains("does not exist", Assert.Throws<ConfigurationProblemException>(() => ConfigurationLoader.Load(Path.Combine(_dir, "none.json"), Env())).Message);
    }

    [Fact]
    public void Config_option_is_taken_out_of_the_arguments()
    {
        var file = Path.Combine(_dir, "c.json");
        File.WriteAllText(file, "{}");
        string[] args = ["--config", file, "serve"];
        ConfigurationLoader.Load(ref args);
        Assert.Equal(["serve"], args);
    }

    [Fact]
    public void Lists_of_values_and_of_sections_are_read_and_checked()
    {
        var file = Path.Combine(_dir, "lists.json");
        File.WriteAllText(file, """
            { "Checks": { "Helo": { "MxNames": ["mx1.example.org", "mx2.example.org"] },
                          "Dnsbl": { "Zones": [ { "Zone": "bl.example", "Weight": 2 } ] } } }
            """);
        var options = ConfigurationLoader.Load(file, Env());
        Assert.Equal(["mx1.example.org", "mx2.example.org"], options.Checks.Helo.MxNames);
        Assert.Equal(2, Assert.Single(options.Checks.Dnsbl.Zones).Weight);

        File.WriteAllText(file, """{ "Checks": { "Dnsbl": { "Zones": [ { "Zone": "bl.example", "Wieght": 2 } ] } } }""");
        var e = Assert.Throws<ConfigurationProblemException>(() => ConfigurationLoader.Load(file, Env()));
        Assert.Contains("Checks:Dnsbl:Zones:0:Wieght", e.Message);
    }
}
