using System.Net;
using Mizugiwa.Policy.Dns;

namespace Mizugiwa.Policy.Tests.Dns;

public sealed class FcrDnsTests
{
    private readonly FakeDnsResolver _dns = new();

    private Task<FcrDnsResult> ResolveAsync(string address) =>
        new FcrDns(_dns).ResolveAsync(IPAddress.Parse(address), CancellationToken.None);

    [Fact]
    public async Task Name_that_resolves_back_is_confirmed_lower_case_without_trailing_dot()
    {
        _dns.Ptr("192.0.2.9", "ADSL-192-0-2-9.Dyn.Example.NET.").A("adsl-192-0-2-9.dyn.example.net", "192.0.2.9");

        var result = await ResolveAsync("192.0.2.9");

        Assert.Equal(FcrDnsStatus.Confirmed, result.Status);
        Assert.Equal("adsl-192-0-2-9.dyn.example.net", result.Name);
        Assert.False(result.IsUnknown);
    }

    [Fact]
    public async Task Name_that_resolves_elsewhere_is_unknown()
    {
        _dns.Ptr("192.0.2.10", "liar.example.net").A("liar.example.net", "198.51.100.1");

        var result = await ResolveAsync("192.0.2.10");

        Assert.Equal(FcrDnsStatus.NotConfirmed, result.Status);
        Assert.Equal("unknown", result.Name);
        Assert.True(result.IsUnknown);
        Assert.Equal(["liar.example.net"], result.PtrNames);
    }

    [Fact]
    public async Task Name_without_addresses_is_unknown()
    {
        _dns.Ptr("192.0.2.10", "ghost.example.net");
        Assert.Equal(FcrDnsStatus.NotConfirmed, (await ResolveAsync("192.0.2.10")).Status);
    }

    [Fact]
    public async Task No_ptr_is_unknown()
    {
        var result = await ResolveAsync("192.0.2.11");
        Assert.Equal(FcrDnsStatus.NoPtr, result.Status);
        Assert.Equal("unknown", result.Name);
        Assert.True(result.IsUnknown);
    }

    [Fact]
    public async Task Ptr_temporary_failure_is_not_unknown()
    {
        _dns.Fail<IReadOnlyList<string>>("PTR", "192.0.2.12");

        var result = await ResolveAsync("192.0.2.12");

        Assert.Equal(FcrDnsStatus.TemporaryFailure, result.Status);
        Assert.False(result.IsUnknown);
        Assert.False(result.IsConfirmed);
    }

    [Fact]
    public async Task Forward_temporary_failure_is_not_unknown()
    {
        _dns.Ptr("192.0.2.13", "slow.example.net").Fail<IReadOnlyList<IPAddress>>("A", "slow.example.net");

        var result = await ResolveAsync("192.0.2.13");

        Assert.Equal(FcrDnsStatus.TemporaryFailure, result.Status);
        Assert.Equal(["slow.example.net"], result.PtrNames);
    }

    [Fact]
    public async Task Another_name_confirming_outweighs_a_forward_failure()
    {
        _dns.Ptr("192.0.2.14", "slow.example.net", "good.example.net")
            .Fail<IReadOnlyList<IPAddress>>("A", "slow.example.net")
            .A("good.example.net", "192.0.2.14");

        var result = await ResolveAsync("192.0.2.14");

        Assert.Equal(FcrDnsStatus.Confirmed, result.Status);
        Assert.Equal("good.example.net", result.Name);
    }

    [Fact]
    public async Task First_confirming_name_in_ptr_order_wins()
    {
        _dns.Ptr("192.0.2.15", "wrong.example.net", "first.example.net", "second.example.net")
            .A("wrong.example.net", "192.0.2.99")
            .A("first.example.net", "192.0.2.15")
            .A("second.example.net", "192.0.2.15");

        Assert.Equal("first.example.net", (await ResolveAsync("192.0.2.15")).Name);
    }

    [Fact]
    public async Task At_most_ten_names_are_checked()
    {
        var names = Enumerable.Range(0, 12).Select(i => $"n{i}.example.net").ToArray();
        _dns.Ptr("192.0.2.16", names).A("n11.example.net", "192.0.2.16");

        var result = await ResolveAsync("192.0.2.16");

        Assert.Equal(FcrDnsStatus.NotConfirmed, result.Status);
        Assert.Equal(0, _dns.Calls("A", "n11.example.net"));
        Assert.Equal(FcrDns.MaxNames, result.PtrNames.Count);
    }

    [Fact]
    public async Task Ipv6_client_is_confirmed_by_aaaa()
    {
        _dns.Ptr("2001:db8::25", "mx.example.net").A("mx.example.net", "192.0.2.25").Aaaa("mx.example.net", "2001:db8::25");

        var result = await ResolveAsync("2001:db8::25");

        Assert.Equal("mx.example.net", result.Name);
        Assert.Equal(0, _dns.Calls("A", "mx.example.net"));
    }

    [Fact]
    public async Task Ipv4_mapped_client_is_treated_as_ipv4()
    {
        _dns.Ptr("192.0.2.9", "host.example.net").A("host.example.net", "192.0.2.9");
        Assert.Equal("host.example.net", (await ResolveAsync("::ffff:192.0.2.9")).Name);
    }
}
