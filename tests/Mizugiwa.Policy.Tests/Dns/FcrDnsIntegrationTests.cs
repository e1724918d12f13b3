using System.Net;
using Mizugiwa.Policy.Dns;
using Mizugiwa.Policy.Tests.Support;

namespace Mizugiwa.Policy.Tests.Dns;

/// <summary>FCrDNS against a real dnsmasq on loopback.</summary>
[Collection(DnsmasqCollection.Name)]
public sealed class FcrDnsIntegrationTests(DnsmasqFixture dnsmasq)
{
    private Task<FcrDnsResult> ResolveAsync(string address)
    {
        var resolver = new DnsResolver(new DnsResolverOptions { Servers = [dnsmasq.Server.Server], Timeout = TimeSpan.FromSeconds(2), Retries = 1 });
        return new FcrDns(resolver).ResolveAsync(IPAddress.Parse(address), CancellationToken.None);
    }

    [Fact]
    public async Task Ptr_confirmed_by_a()
    {
        var result = await ResolveAsync("127.0.0.9");
        Assert.Equal(FcrDnsStatus.Confirmed, result.Status);
        Assert.Equal("adsl-1-2-3-9.dyn.example.net", result.Name);
    }

    [Fact]
    public async Task Ptr_name_resolving_elsewhere_is_unknown()
    {
        var result = await ResolveAsync("127.0.0.10");
        Assert.Equal(FcrDnsStatus.NotConfirmed, result.Status);
        Assert.Equal("unknown", result.Name);
        Assert.Equal(["liar.dyn.example.net"], result.PtrNames);
    }

    [Fact]
    public async Task No_ptr_is_unknown()
    {
        var result = await ResolveAsync("127.0.0.11");
        Assert.Equal(FcrDnsStatus.NoPtr, result.Status);
        Assert.Equal("unknown", result.Name);
    }

    [Fact]
    public async Task Second_ptr_name_confirms()
    {
        var result = await ResolveAsync("127.0.0.12");
        Assert.Equal(FcrDnsStatus.Confirmed, result.Status);
        Assert.Equal("mail.multi.example.net", result.Name);
        Assert.Equal(2, result.PtrNames.Count);
    }

    [Fact]
    public async Task Refused_ptr_zone_is_a_temporary_failure_not_unknown()
    {
        // 10.in-addr.arpa is not local to the fixture server, so it answers REFUSED.
        var result = await ResolveAsync("10.1.2.3");
        Assert.Equal(FcrDnsStatus.TemporaryFailure, result.Status);
        Assert.False(result.IsUnknown);
    }
}
