using System.Net;
using Mizugiwa.Policy.Dnsbl;
using Mizugiwa.Policy.Tests.Dns;

namespace Mizugiwa.Policy.Tests.Dnsbl;

public sealed class DnsblLookupTests
{
    private static readonly IPAddress Client = IPAddress.Parse("192.0.2.1");
    private readonly FakeDnsResolver _dns = new();

    private Task<DnsblResult> LookupAsync(params DnsblZone[] zones) =>
        new DnsblLookup(_dns, zones).LookupAsync(Client, CancellationToken.None);

    [Fact]
    public async Task Not_listed_when_the_name_does_not_exist()
    {
        var result = await LookupAsync(new DnsblZone { Zone = "bl.example" });
        Assert.False(result.IsListed);
        Assert.False(result.HasFailures);
        Assert.Equal(1, _dns.Calls("A", "1.2.0.192.bl.example"));
        Assert.Equal(0, _dns.Calls("TXT", "1.2.0.192.bl.example"));
    }

    [Fact]
    public async Task Listed_with_codes_and_txt_reason()
    {
        _dns.A("1.2.0.192.bl.example", "127.0.0.2").Txt("1.2.0.192.bl.example", "Listed because");

        var result = await LookupAsync(new DnsblZone { Zone = "bl.example" });

        var hit = Assert.Single(result.Hits);
        Assert.Equal("bl.example", hit.Zone.Zone);
        Assert.Equal([IPAddress.Parse("127.0.0.2")], hit.Codes);
        Assert.Equal("Listed because", hit.Reason);
    }

    [Fact]
    public async Task Only_accepted_codes_count()
    {
        _dns.A("1.2.0.192.zen.example", "127.0.0.10", "127.0.0.11");
        var pbl = new DnsblZone { Zone = "zen.example", AcceptedCodes = ["127.0.0.2", "127.0.0.3"] };
        Assert.False((await LookupAsync(pbl)).IsListed);

        _dns.A("1.2.0.192.zen.example", "127.0.0.10", "127.0.0.3");
        var hit = Assert.Single((await LookupAsync(pbl)).Hits);
        Assert.Equal([IPAddress.Parse("127.0.0.3")], hit.Codes);
    }

    [Theory]
    [InlineData("127.0.0.2", true)]
    [InlineData("127.1.2.3", true)]
    [InlineData("127.255.255.254", false)] // Spamhaus: "query through a public resolver" is an error, not a listing
    [InlineData("10.0.0.2", false)]
    [InlineData("192.0.2.1", false)]
    public async Task Without_accepted_codes_any_127_answer_counts(string answer, bool listed)
    {
        _dns.A("1.2.0.192.bl.example", answer);
        Assert.Equal(listed, (await LookupAsync(new DnsblZone { Zone = "bl.example" })).IsListed);
    }

    [Fact]
    public async Task All_zones_are_asked_and_failures_reported_per_zone()
    {
        _dns.A("1.2.0.192.one.example", "127.0.0.2").Fail<IReadOnlyList<IPAddress>>("A", "1.2.0.192.two.example");

        var result = await LookupAsync(
            new DnsblZone { Zone = "one.example" }, new DnsblZone { Zone = "two.example" }, new DnsblZone { Zone = "three.example" });

        Assert.Equal("one.example", Assert.Single(result.Hits).Zone.Zone);
        Assert.Equal("two.example", Assert.Single(result.FailedZones).Zone);
        Assert.Equal(1, _dns.Calls("A", "1.2.0.192.three.example"));
    }

    [Fact]
    public async Task Zones_are_asked_in_parallel()
    {
        var gate = new TaskCompletionSource();
        _dns.Gate = gate.Task;
        var pending = new DnsblLookup(_dns, [new DnsblZone { Zone = "one.example" }, new DnsblZone { Zone = "two.example" }])
            .LookupAsync(Client, CancellationToken.None);

        Assert.Equal(1, _dns.Calls("A", "1.2.0.192.one.example"));
        Assert.Equal(1, _dns.Calls("A", "1.2.0.192.two.example"));
        gate.SetResult();
        Assert.False((await pending.WaitAsync(TimeSpan.FromSeconds(5))).IsListed);
    }

    [Fact]
    public void Bad_accepted_code_is_a_configuration_error() =>
        Assert.Throws<FormatException>(() => new DnsblLookup(_dns, [new DnsblZone { Zone = "bl.example", AcceptedCodes = ["listed"] }]));
}
