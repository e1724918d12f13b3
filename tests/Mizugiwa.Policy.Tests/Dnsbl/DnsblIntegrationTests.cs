using System.Net;
using Mizugiwa.Core;
using Mizugiwa.Policy.Dns;
using Mizugiwa.Policy.Dnsbl;
using Mizugiwa.Policy.Tests.Support;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.Tests.Dnsbl;

/// <summary>DNSBL lookups and the check against a real dnsmasq serving the zone bl.example.</summary>
[Collection(DnsmasqCollection.Name)]
public sealed class DnsblIntegrationTests(DnsmasqFixture dnsmasq)
{
    private static readonly DnsblZone Zone = new() { Zone = "bl.example" };

    private DnsblLookup Lookup(params DnsblZone[] zones) =>
        new(new DnsResolver(new DnsResolverOptions { Servers = [dnsmasq.Server.Server], Timeout = TimeSpan.FromSeconds(2), Retries = 1 }), zones);

    private Task<DnsblResult> LookupAsync(string address, params DnsblZone[] zones) =>
        Lookup(zones.Length == 0 ? [Zone] : zones).LookupAsync(IPAddress.Parse(address), CancellationToken.None);

    [Fact]
    public async Task Listed_address_has_its_code_and_txt_reason()
    {
        var hit = Assert.Single((await LookupAsync("127.0.0.2")).Hits);
        Assert.Equal([IPAddress.Parse("127.0.0.2")], hit.Codes);
        Assert.Equal("Listed: see http://bl.example/?127.0.0.2", hit.Reason);
    }

    [Fact]
    public async Task Unlisted_address_is_nxdomain_and_not_listed()
    {
        var result = await LookupAsync("127.0.0.9");
        Assert.False(result.IsListed);
        Assert.False(result.HasFailures);
    }

    [Fact]
    public async Task Accepted_codes_filter_the_listing()
    {
        var only2 = Zone with { AcceptedCodes = ["127.0.0.2"] };
        Assert.False((await LookupAsync("127.0.0.4", only2)).IsListed);
        Assert.True((await LookupAsync("127.0.0.4", Zone)).IsListed);
    }

    [Fact]
    public async Task Ipv6_address_is_asked_by_nibbles()
    {
        var hit = Assert.Single((await LookupAsync("2001:db8::bad")).Hits);
        Assert.Equal("IPv6 listed", hit.Reason);
    }

    [Fact]
    public async Task Zone_the_server_refuses_is_a_failure()
    {
        var result = await LookupAsync("127.0.0.2", new DnsblZone { Zone = "elsewhere.invalid" });
        Assert.Equal("elsewhere.invalid", Assert.Single(result.FailedZones).Zone);
    }

    [Fact]
    public async Task Listed_client_is_rejected_at_rcpt()
    {
        var check = new DnsblCheck(Lookup(Zone), new DnsblCheckOptions { Zones = [Zone] });
        var session = new SessionContext("it", IPAddress.Parse("127.0.0.2"));

        await check.CheckConnectAsync(session, CancellationToken.None);
        var verdict = await check.CheckRcptAsync(new RcptContext(session, null, "user@example.com", RecipientStatus.Local), CancellationToken.None)
            .AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(VerdictAction.Reject, verdict.Action);
        Assert.Equal("554 5.7.1 Service unavailable; client [127.0.0.2] blocked using bl.example; Listed: see http://bl.example/?127.0.0.2",
            verdict.Reply!.ToString());
    }
}
