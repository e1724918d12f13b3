namespace Mizugiwa.Policy.Tests.Support;

/// <summary>One dnsmasq with <see cref="Records"/> shared by the tests of the "dnsmasq" collection.</summary>
public sealed class DnsmasqFixture : IAsyncLifetime
{
    private DnsmasqServer? _server;

    public DnsmasqServer Server => _server ?? throw new InvalidOperationException("dnsmasq is not running");

    /// <summary>The fixture records the DNS and DNSBL integration tests rely on.</summary>
    public static DnsmasqRecords Records() => new DnsmasqRecords()
        // forward-confirmed: PTR and A/AAAA agree
        .PtrRecord("127.0.0.9", "adsl-1-2-3-9.dyn.example.net")
        .HostRecord("adsl-1-2-3-9.dyn.example.net", "127.0.0.9", "2001:db8::9")
        // PTR whose name resolves to another address
        .PtrRecord("127.0.0.10", "liar.dyn.example.net")
        .HostRecord("liar.dyn.example.net", "127.0.0.99")
        // two PTR names: the first has no address, the second confirms
        .PtrRecord("127.0.0.12", "ghost.multi.example.net")
        .PtrRecord("127.0.0.12", "mail.multi.example.net")
        .AddressRecord("mail.multi.example.net", "127.0.0.12")
        // 127.0.0.11 has no PTR at all
        .LocalZone("127.in-addr.arpa")
        .TxtRecord("example.test", "v=spf1 ip4:127.0.0.0/8 -all")
        .MxRecord("remote.test", "mx2.remote.test", 20)
        .MxRecord("remote.test", "mx.remote.test", 10)
        .HostRecord("mx.remote.test", "127.0.0.3")
        // DNSBL zone bl.example: 127.0.0.2 listed with a reason, 127.0.0.4 with code 127.0.0.10, one IPv6 address
        .DnsblListing("bl.example", "127.0.0.2", "127.0.0.2", "Listed: see http://bl.example/?127.0.0.2")
        .DnsblListing("bl.example", "127.0.0.4", "127.0.0.10")
        .DnsblListing("bl.example", "2001:db8::bad", "127.0.0.3", "IPv6 listed");

    public async Task InitializeAsync() => _server = await DnsmasqServer.StartAsync(Records());

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class DnsmasqCollection : ICollectionFixture<DnsmasqFixture>
{
    public const string Name = "dnsmasq";
}
