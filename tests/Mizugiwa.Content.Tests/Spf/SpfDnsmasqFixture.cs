using Mizugiwa.Policy.Dns;
using Mizugiwa.Policy.Tests.Support;

namespace Mizugiwa.Content.Tests.Spf;

/// <summary>One dnsmasq serving the SPF zone spf.test (local, so unknown names are NXDOMAIN) for the SPF integration tests.</summary>
public sealed class SpfDnsmasqFixture : IAsyncLifetime
{
    private DnsmasqServer? _server;

    public static DnsmasqRecords Records() => new DnsmasqRecords()
        .LocalZone("spf.test")
        .TxtRecord("pass.spf.test", "v=spf1 ip4:192.0.2.0/24 -all")
        .TxtRecord("soft.spf.test", "v=spf1 ip4:192.0.2.10 ~all")
        .TxtRecord("chain.spf.test", "v=spf1 include:level1.spf.test -all")
        .TxtRecord("level1.spf.test", "v=spf1 ip4:203.0.113.1 include:level2.spf.test -all")
        .TxtRecord("level2.spf.test", "v=spf1 ip4:192.0.2.20 -all")
        .TxtRecord("mx.spf.test", "v=spf1 mx -all")
        .MxRecord("mx.spf.test", "mail.mx.spf.test", 10)
        .MxRecord("mx.spf.test", "backup.mx.spf.test", 20)
        .HostRecord("mail.mx.spf.test", "192.0.2.30")
        .HostRecord("backup.mx.spf.test", "192.0.2.31")
        .TxtRecord("a.spf.test", "v=spf1 a:web.spf.test/28 -all")
        .HostRecord("web.spf.test", "192.0.2.40")
        .TxtRecord("v6.spf.test", "v=spf1 a//64 -all")
        .HostRecord("v6.spf.test", "2001:db8:5::1")
        .TxtRecord("exists.spf.test", "v=spf1 exists:%{ir}.allow.spf.test -all")
        .AddressRecord("50.2.0.192.allow.spf.test", "127.0.0.2")
        .TxtRecord("redirect.spf.test", "v=spf1 redirect=pass.spf.test")
        .TxtRecord("two.spf.test", "v=spf1 +all")
        .TxtRecord("two.spf.test", "v=spf1 -all")
        .TxtRecord("exp.spf.test", "v=spf1 -all exp=why.spf.test")
        .TxtRecord("why.spf.test", "%{i} may not send for %{d}")
        .TxtRecord("elsewhere.spf.test", "v=spf1 include:outside.invalid -all")
        .TxtRecord("relay.spf.test", "v=spf1 a -all")
        .HostRecord("relay.spf.test", "192.0.2.60");

    public DnsResolver Resolver() => new(new DnsResolverOptions
    {
        Servers = [(_server ?? throw new InvalidOperationException("dnsmasq is not running")).Server],
        Timeout = TimeSpan.FromSeconds(2),
        Retries = 1,
    });

    public async Task InitializeAsync() => _server = await DnsmasqServer.StartAsync(Records());

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SpfDnsmasqCollection : ICollectionFixture<SpfDnsmasqFixture>
{
    public const string Name = "spf-dnsmasq";
}
