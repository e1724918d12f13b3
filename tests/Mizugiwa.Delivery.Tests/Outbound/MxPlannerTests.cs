using System.Net;
using Mizugiwa.Delivery.Outbound;

namespace Mizugiwa.Delivery.Tests.Outbound;

public sealed class MxPlannerTests
{
    private readonly FakeMxResolver _dns = new();

    private Task<DeliveryPlan> PlanAsync(string destination) => new MxPlanner(_dns, 2525).PlanAsync(destination, CancellationToken.None);

    [Fact]
    public async Task Hosts_are_tried_by_preference_with_all_their_addresses_on_the_configured_port()
    {
        _dns.WithMx("remote.test", 20, "mx2.remote.test", "127.0.0.4")
            .WithMx("remote.test", 10, "mx1.remote.test", "127.0.0.3", "::1")
            .WithMx("remote.test", 30, "mx3.remote.test", "127.0.0.5");

        var plan = await PlanAsync("mx:remote.test");

        Assert.Null(plan.Result);
        Assert.Equal(["mx1.remote.test", "mx1.remote.test", "mx2.remote.test", "mx3.remote.test"], plan.Hosts.Select(h => h.Name));
        Assert.Equal([IPAddress.Parse("127.0.0.3"), IPAddress.IPv6Loopback, IPAddress.Parse("127.0.0.4"), IPAddress.Parse("127.0.0.5")], plan.Hosts.Select(h => h.Address));
        Assert.All(plan.Hosts, h => Assert.Equal(2525, h.Port));
    }

    [Fact]
    public async Task Without_MX_the_domain_itself_is_the_host()
    {
        _dns.WithHost("plain.test", "127.0.0.6");
        var plan = await PlanAsync("mx:plain.test");
        var host = Assert.Single(plan.Hosts);
        Assert.Equal(("plain.test", IPAddress.Parse("127.0.0.6")), (host.Name, host.Address));
    }

    [Fact]
    public async Task Null_MX_fails_at_once_with_5_1_10()
    {
        _dns.WithMx("nomail.test", 0, "");
        _dns.WithHost("nomail.test", "127.0.0.7"); // an A record does not matter
        var plan = await PlanAsync("mx:nomail.test");
        Assert.Empty(plan.Hosts);
        Assert.Equal(RecipientOutcome.Failed, plan.Result!.Outcome);
        Assert.Equal("5.1.10", plan.Result.Status);
    }

    [Fact]
    public async Task A_domain_with_neither_MX_nor_address_fails_and_DNS_trouble_defers()
    {
        var missing = await PlanAsync("mx:nowhere.test");
        Assert.Equal((RecipientOutcome.Failed, "5.1.2"), (missing.Result!.Outcome, missing.Result.Status));

        _dns.Failing.Add("broken.test");
        var broken = await PlanAsync("mx:broken.test");
        Assert.Equal((RecipientOutcome.Deferred, "4.4.3"), (broken.Result!.Outcome, broken.Result.Status));
    }

    [Fact]
    public async Task An_MX_host_without_address_is_skipped_and_none_at_all_defers()
    {
        _dns.WithMx("half.test", 10, "gone.half.test").WithMx("half.test", 20, "mx.half.test", "127.0.0.8");
        Assert.Equal(["mx.half.test"], (await PlanAsync("mx:half.test")).Hosts.Select(h => h.Name));

        _dns.WithMx("empty.test", 10, "gone.empty.test");
        var empty = await PlanAsync("mx:empty.test");
        Assert.Equal((RecipientOutcome.Deferred, "4.4.4"), (empty.Result!.Outcome, empty.Result.Status));
    }

    [Fact]
    public async Task A_fixed_next_hop_and_an_address_literal_need_no_MX()
    {
        var hop = Assert.Single((await PlanAsync("smtp:127.0.0.9:2600")).Hosts);
        Assert.Equal((IPAddress.Parse("127.0.0.9"), 2600), (hop.Address, hop.Port));
        var literal = Assert.Single((await PlanAsync("mx:[127.0.0.10]")).Hosts);
        Assert.Equal((IPAddress.Parse("127.0.0.10"), 2525), (literal.Address, literal.Port));
    }
}
