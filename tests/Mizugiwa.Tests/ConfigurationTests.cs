using System.Collections;
using Mizugiwa.Configuration;

namespace Mizugiwa.Tests;

public sealed class ConfigurationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mizugiwa-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Hashtable Env(params (string Name, string Value)[] pairs) => SettingsEnvironment.Variables(pairs);

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

    [Theory]
    [InlineData("MIZUGIWA__Mx__Port", "abc", "Mx:Port 'abc' is not a whole number")]
    [InlineData("MIZUGIWA__ShutdownGraceSeconds", "99999999999", "ShutdownGraceSeconds '99999999999' is not a whole number within")]
    [InlineData("MIZUGIWA__Limits__MaxMessageSize", "big", "Limits:MaxMessageSize 'big' is not a whole number")]
    [InlineData("MIZUGIWA__Web__Enabled", "yes", "Web:Enabled 'yes' is not true or false")]
    [InlineData("MIZUGIWA__Content__SpamScore", "Infinity", "Content:SpamScore 'Infinity' is not a finite number")]
    [InlineData("MIZUGIWA__Content__Weights__BAYES_99", "NaN", "Content:Weights:BAYES_99 'NaN' is not a finite number")]
    [InlineData("MIZUGIWA__Content__Weights__BAYES_99", "high", "Content:Weights:BAYES_99 'high' is not a finite number")]
    [InlineData("MIZUGIWA__Outbound__MaxQueueDays", "Infinity", "Outbound:MaxQueueDays 'Infinity' is not a finite number")]
    [InlineData("MIZUGIWA__Checks__Dnsbl__Zones__0__Weight", "heavy", "Checks:Dnsbl:Zones:0:Weight 'heavy' is not a finite number")]
    public void A_value_of_the_wrong_type_is_named_by_its_key(string key, string value, string named)
    {
        var env = Env((key, value), ("MIZUGIWA__Checks__Dnsbl__Zones__0__Zone", "bl.example"));
        var e = Assert.Throws<ConfigurationProblemException>(() => ConfigurationLoader.Load(null, env));
        Assert.Contains(named, e.Message);
    }

    [Fact]
    public void Numbers_in_other_notations_the_binder_takes_are_still_taken()
    {
        var options = ConfigurationLoader.Load(null, Env(("MIZUGIWA__Content__SpamScore", "4.5e0"), ("MIZUGIWA__Content__RejectScore", ""), ("MIZUGIWA__Web__Enabled", "False")));
        Assert.Equal(4.5, options.Content.SpamScore);
        Assert.Null(options.Content.RejectScore);
        Assert.False(options.Web.Enabled);
    }

    [Theory]
    [InlineData("MIZUGIWA__Checks__Rgrey__RuleFiles__0", "", "Checks:Rgrey:RuleFiles ''")]
    [InlineData("MIZUGIWA__Checks__Rgrey__RetryWindowHours", "2147483647", "Checks:Rgrey:RetryWindowHours must be at most 8760")]
    [InlineData("MIZUGIWA__Checks__Rgrey__ExpiryDays", "2147483647", "Checks:Rgrey:ExpiryDays at most 3650")]
    [InlineData("MIZUGIWA__Checks__Rgrey__DelaySeconds", "172800", "Checks:Rgrey:DelaySeconds 172800 must be shorter than Checks:Rgrey:RetryWindowHours 48")]
    [InlineData("MIZUGIWA__Content__DateFutureToleranceHours", "2147483647", "Content:DateFutureToleranceHours must be within 0..87600")]
    [InlineData("MIZUGIWA__Content__DatePastToleranceDays", "2147483647", "Content:DatePastToleranceDays within 0..3650")]
    [InlineData("MIZUGIWA__Content__Fingerprints__TimeToLiveDays", "2147483647", "Content:Fingerprints:TimeToLiveDays 2147483647 must be within 1..3650")]
    [InlineData("MIZUGIWA__Outbound__MaxQueueDays", "1e308", "Outbound:MaxQueueDays 1E+308 must be above 0 and at most 3650")]
    [InlineData("MIZUGIWA__Outbound__DelayNoticeHours", "1e308", "Outbound:DelayNoticeHours 1E+308 must be within 0..87600")]
    [InlineData("MIZUGIWA__Queue__ScanSeconds", "2147483647", "Queue:ScanSeconds 2147483647 must be within 1..4294967")]
    [InlineData("MIZUGIWA__Gateway__ValidCacheDays", "1e308", "Gateway:ValidCacheDays and UnknownCacheDays must be above 0 and at most 3650")]
    public void Values_the_server_would_crash_on_at_start_are_named(string key, string value, string named)
    {
        var e = Assert.Throws<ConfigurationProblemException>(() => ConfigurationLoader.Load(null, Env((key, value))));
        Assert.Contains(named, e.Message);
    }

    [Theory]
    [InlineData("Checks:Dns:Retries 1000 within 0..10", "MIZUGIWA__Checks__Dns__Retries", "1000")]
    [InlineData("Checks:Dns:TimeoutMilliseconds 600000 must be within 1..60000", "MIZUGIWA__Checks__Dns__TimeoutMilliseconds", "600000")]
    [InlineData("Checks:Dnsbl:Zones 'bl.example' is listed twice", "MIZUGIWA__Checks__Dnsbl__Zones__0__Zone", "bl.example", "MIZUGIWA__Checks__Dnsbl__Zones__1__Zone", "BL.example.")]
    [InlineData("Content:Urls:UriblZones: two zones give the symbol URI_URIBL_MULTI", "MIZUGIWA__Content__Urls__UriblZones__0__Zone", "multi.surbl.org",
        "MIZUGIWA__Content__Urls__UriblZones__0__Name", "multi", "MIZUGIWA__Content__Urls__UriblZones__1__Zone", "multi.uribl.com", "MIZUGIWA__Content__Urls__UriblZones__1__Name", "multi")]
    [InlineData("State:Redis 'redis one:6379' names 'redis one', which is not a host name", "MIZUGIWA__State__Backend", "Redis", "MIZUGIWA__State__Redis", "redis one:6379")]
    [InlineData("State:Redis ',password=x' names no server", "MIZUGIWA__State__Backend", "Redis", "MIZUGIWA__State__Redis", ",password=x")]
    public void Settings_that_would_misbehave_quietly_are_named(string named, params string[] pairs)
    {
        var env = Env([.. pairs.Chunk(2).Select(p => (p[0], p[1]))]);
        var e = Assert.Throws<ConfigurationProblemException>(() => ConfigurationLoader.Load(null, env));
        Assert.Contains(named, e.Message);
    }

    [Fact]
    public void Redis_configurations_with_several_servers_and_options_are_taken()
    {
        var options = ConfigurationLoader.Load(null, Env(("MIZUGIWA__State__Backend", "Redis"), ("MIZUGIWA__State__Redis", "redis1:6379,127.0.0.1:6380,password=secret,abortConnect=false")));
        Assert.True(options.State.UsesRedis);
    }

    [Theory]
    [InlineData("MIZUGIWA__Limits__CommandTimeoutSeconds", "2147483647", "Limits:CommandTimeoutSeconds 2147483647 must be within 1..4294967")]
    [InlineData("MIZUGIWA__Limits__DataTimeoutSeconds", "4294968", "Limits:DataTimeoutSeconds 4294968 must be within 1..4294967")]
    [InlineData("MIZUGIWA__Checks__CheckTimeoutSeconds", "2147483647", "Checks:CheckTimeoutSeconds 2147483647 must be within 1..4294967")]
    [InlineData("MIZUGIWA__Content__Spf__TimeoutSeconds", "2147483647", "Content:Clamd:TimeoutSeconds and Content:Spf:TimeoutSeconds must be within 1..4294967")]
    [InlineData("MIZUGIWA__Outbound__CommandTimeoutSeconds", "2147483647", "Outbound:ConnectTimeoutSeconds and CommandTimeoutSeconds must be within 1..4294967")]
    [InlineData("MIZUGIWA__Gateway__ProbeTimeoutSeconds", "2147483647", "ProbeTimeoutSeconds must be within 1..4294967")]
    [InlineData("MIZUGIWA__Checks__Dns__Servers__0", "127.0.0.1:0", "Checks:Dns:Servers '127.0.0.1:0' is not ip or ip:port")]
    [InlineData("MIZUGIWA__Log__ConnectionString", "nonsense", "Log:ConnectionString is not a valid PostgreSQL connection string")]
    [InlineData("MIZUGIWA__Content__Clamd__Endpoint", "nonsense", "Content:Clamd:Endpoint 'nonsense' must be host:port")]
    [InlineData("MIZUGIWA__Content__Clamd__Endpoint", "localhost:99999", "Content:Clamd:Endpoint 'localhost:99999' must be host:port")]
    [InlineData("MIZUGIWA__Content__Clamd__Endpoint", "relative/clamd.sock", "Content:Clamd:Endpoint 'relative/clamd.sock' must be host:port")]
    [InlineData("MIZUGIWA__Checks__Helo__MxNames__0", "bad name", "Checks:Helo:MxNames/ProtectedProviders 'bad name' is not a domain")]
    [InlineData("MIZUGIWA__Checks__Helo__ProtectedProviders__0", "", "Checks:Helo:MxNames/ProtectedProviders '' is not a domain")]
    [InlineData("MIZUGIWA__Web__Admins__0", "not an address", "Web:Admins 'not an address' is not a mailbox address")]
    [InlineData("MIZUGIWA__Mx__RelayNetworks__0", "intranet", "Mx:RelayNetworks 'intranet' is not a CIDR network")]
    [InlineData("MIZUGIWA__Mx__RelayNetworks__0", "0.0.0.0/0", "Mx:RelayNetworks '0.0.0.0/0' would let everyone relay (an open relay)")]
    [InlineData("MIZUGIWA__Mx__RelayNetworks__0", "::/0", "Mx:RelayNetworks '::/0' would let everyone relay (an open relay)")]
    [InlineData("MIZUGIWA__Web__TrustedProxies__0", "proxy.example", "Web:TrustedProxies 'proxy.example' is not a CIDR network (e.g. 127.0.0.1/32)")]
    [InlineData("MIZUGIWA__Tls__KeyPath", "/nonexistent/key.pem", "Tls:KeyPath '/nonexistent/key.pem' does not exist or is not a file")]
    [InlineData("MIZUGIWA__Tls__KeyPath", "/tmp", "Tls:KeyPath '/tmp' does not exist or is not a file")]
    [InlineData("MIZUGIWA__Checks__Harvest__TarpitAfter", "-1", "Checks:Harvest:TarpitAfter -1 must not be negative")]
    [InlineData("MIZUGIWA__Checks__Flow__RecipientsPer10MinutesPerNetwork", "-2", "Checks:Flow:RecipientsPer10MinutesPerNetwork -2 must not be negative")]
    [InlineData("MIZUGIWA__Content__Clamd__StreamMaxLength", "-1", "Content:Clamd:StreamMaxLength -1 must be at least 1")]
    [InlineData("MIZUGIWA__Content__Urls__MaxDnsDomains", "-1", "Content:Urls:MaxDnsDomains and Content:Urls:ManyHostsThreshold must not be negative")]
    [InlineData("MIZUGIWA__Content__Urls__ManyHostsThreshold", "-1", "Content:Urls:MaxDnsDomains and Content:Urls:ManyHostsThreshold must not be negative")]
    public void Values_the_server_would_fail_on_later_are_named_at_start(string key, string value, string named)
    {
        var e = Assert.Throws<ConfigurationProblemException>(() => ConfigurationLoader.Load(null, Env((key, value), ("MIZUGIWA__Log__Backend", "Postgres"), ("MIZUGIWA__Log__ConnectionString", key.Contains("Log") ? value : "Host=db"))));
        Assert.Contains(named, e.Message);
    }

    [Fact]
    public void The_web_port_may_not_be_a_mail_listener_port()
    {
        var e = Assert.Throws<ConfigurationProblemException>(() => ConfigurationLoader.Load(null, Env(("MIZUGIWA__Web__Port", "2525"))));
        Assert.Contains("Mx:Port and Web:Port are the same port 2525", e.Message);
        Assert.Equal(2525, ConfigurationLoader.Load(null, Env(("MIZUGIWA__Web__Port", "2525"), ("MIZUGIWA__Web__Enabled", "false"))).Web.Port);
    }

    [Fact]
    public void A_dnsbl_return_code_must_be_ipv4_as_the_dnsbl_check_reads_it()
    {
        var e = Assert.Throws<ConfigurationProblemException>(() => ConfigurationLoader.Load(null,
            Env(("MIZUGIWA__Checks__Dnsbl__Zones__0__Zone", "bl.example"), ("MIZUGIWA__Checks__Dnsbl__Zones__0__AcceptedCodes__0", "::1"))));
        Assert.Contains("Checks:Dnsbl:Zones 'bl.example' code '::1' is not an IPv4 address", e.Message);
    }

    [Fact]
    public void Good_clamd_endpoints_admins_and_names_are_taken()
    {
        foreach (var endpoint in new[] { "127.0.0.1:3310", "clamd.example:3310", "[::1]:3310", "unix:/run/clamav/clamd.ctl", "/run/clamav/clamd.ctl" })
            Assert.Equal(endpoint, ConfigurationLoader.Load(null, Env(("MIZUGIWA__Content__Clamd__Endpoint", endpoint))).Content.Clamd.Endpoint);
        var options = ConfigurationLoader.Load(null, Env(("MIZUGIWA__Web__Admins__0", "admin@example.org"), ("MIZUGIWA__Checks__Helo__MxNames__0", "mx2.example.org"),
            ("MIZUGIWA__Checks__Dns__Servers__0", "[::1]:5353"), ("MIZUGIWA__Limits__CommandTimeoutSeconds", "4294967")));
        Assert.Equal(["admin@example.org"], options.Web.Admins);
        Assert.Equal(["mx2.example.org"], options.Checks.Helo.MxNames);
    }

    [Fact]
    public void A_data_directory_that_a_file_is_in_the_way_of_is_named()
    {
        var file = Path.Combine(_dir, "plain-file");
        File.WriteAllText(file, "");
        foreach (var dataDirectory in new[] { file, Path.Combine(file, "data") })
        {
            var e = Assert.Throws<ConfigurationProblemException>(() => ConfigurationLoader.Load(null, Env(("MIZUGIWA__DataDirectory", dataDirectory))));
            Assert.Contains($"DataDirectory '{dataDirectory}' cannot be a directory: '{file}' is a file", e.Message);
        }
        Assert.Equal(Path.Combine(_dir, "new", "data"), ConfigurationLoader.Load(null, Env(("MIZUGIWA__DataDirectory", Path.Combine(_dir, "new", "data")))).DataDirectory);
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
