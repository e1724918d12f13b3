using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Policy.Dns;
using Mizugiwa.Policy.Tests.Support;

namespace Mizugiwa.Policy.Tests.Dns;

/// <summary>DnsResolver against a real dnsmasq on loopback.</summary>
[Collection(DnsmasqCollection.Name)]
public sealed class DnsResolverIntegrationTests(DnsmasqFixture dnsmasq)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private DnsResolver Resolver() => new(new DnsResolverOptions
    {
        Servers = [dnsmasq.Server.Server],
        Timeout = TimeSpan.FromSeconds(2),
        Retries = 1,
    });

    [Fact]
    public async Task Ptr_is_found_lower_case_without_trailing_dot()
    {
        var result = await Resolver().LookupPtrAsync(IPAddress.Parse("127.0.0.9"), Ct);

        Assert.Equal(DnsStatus.Ok, result.Status);
        Assert.Equal(["adsl-1-2-3-9.dyn.example.net"], result.Value!);
        Assert.Equal(TimeSpan.FromSeconds(300), result.Ttl);
    }

    [Fact]
    public async Task Missing_ptr_is_not_found()
    {
        var result = await Resolver().LookupPtrAsync(IPAddress.Parse("127.0.0.11"), Ct);
        Assert.Equal(DnsStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task A_and_aaaa_are_found()
    {
        IDnsResolver resolver = Resolver();

        var v4 = await resolver.LookupAddressesAsync("adsl-1-2-3-9.dyn.example.net", AddressFamily.InterNetwork, Ct);
        var both = await resolver.LookupAddressesAsync("adsl-1-2-3-9.dyn.example.net", Ct);

        Assert.Equal([IPAddress.Parse("127.0.0.9")], v4.Value!);
        Assert.Equal([IPAddress.Parse("127.0.0.9"), IPAddress.Parse("2001:db8::9")], both.Value!);
    }

    [Fact]
    public async Task Nxdomain_and_nodata_are_not_found()
    {
        var resolver = Resolver();
        var nxdomain = await resolver.LookupAddressesAsync("nothing-here.example.net", AddressFamily.InterNetwork, Ct);
        var nodata = await resolver.LookupAddressesAsync("liar.dyn.example.net", AddressFamily.InterNetworkV6, Ct);

        Assert.Equal(DnsStatus.NotFound, nxdomain.Status);
        Assert.Equal(DnsStatus.NotFound, nodata.Status);
    }

    [Fact]
    public async Task Txt_is_found()
    {
        var result = await Resolver().LookupTxtAsync("example.test", Ct);
        Assert.Equal(["v=spf1 ip4:127.0.0.0/8 -all"], result.Value!);
    }

    [Fact]
    public async Task Mx_is_found_in_preference_order()
    {
        var result = await Resolver().LookupMxAsync("remote.test", Ct);
        Assert.Equal([new MxHost(10, "mx.remote.test"), new MxHost(20, "mx2.remote.test")], result.Value!);
    }

    [Fact]
    public async Task Refused_is_a_temporary_failure()
    {
        // dnsmasq has no upstream: names outside its local zones are REFUSED.
        var result = await Resolver().LookupAddressesAsync("outside.invalid", AddressFamily.InterNetwork, Ct);
        Assert.Equal(DnsStatus.TemporaryFailure, result.Status);
        Assert.Contains("Refused", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_server_is_a_temporary_failure_within_the_timeout()
    {
        int deadPort;
        using (var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0))) deadPort = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
        var resolver = new DnsResolver(new DnsResolverOptions
        {
            Servers = [$"127.0.0.1:{deadPort}"],
            Timeout = TimeSpan.FromMilliseconds(300),
            Retries = 0,
        });

        var result = await resolver.LookupTxtAsync("example.test", Ct).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(DnsStatus.TemporaryFailure, result.Status);
    }

    [Fact]
    public async Task Cached_answers_outlive_the_server_until_they_expire()
    {
        var time = new FakeTimeProvider();
        CachingDnsResolver resolver;
        await using (var own = await DnsmasqServer.StartAsync(new DnsmasqRecords { Ttl = 60 }.TxtRecord("cached.test", "kept")))
        {
            resolver = new CachingDnsResolver(
                new DnsResolver(new DnsResolverOptions { Servers = [own.Server], Timeout = TimeSpan.FromSeconds(1), Retries = 1 }),
                new DnsCache(new DnsCacheOptions(), time));
            Assert.Equal(["kept"], (await resolver.LookupTxtAsync("cached.test", Ct)).Value!);
        }

        time.Advance(TimeSpan.FromSeconds(59));
        var cached = await resolver.LookupTxtAsync("cached.test", Ct);
        Assert.Equal(["kept"], cached.Value!);
        Assert.Equal(TimeSpan.FromSeconds(1), cached.Ttl);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(DnsStatus.TemporaryFailure, (await resolver.LookupTxtAsync("cached.test", Ct).WaitAsync(TimeSpan.FromSeconds(10))).Status);
    }
}
