using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Mizugiwa.Delivery.Outbound;
using Mizugiwa.Delivery.Outbound.MtaSts;

namespace Mizugiwa.Delivery.Tests.Outbound.MtaSts;

/// <summary>What a policy does to a domain's MX plan (RFC 8461 §5).</summary>
public sealed class MtaStsEnforcementTests
{
    private static readonly DeliveryPlan Plan = DeliveryPlan.Try([
        new OutboundHost("mx1.remote.test", IPAddress.Parse("127.0.0.3"), 25),
        new OutboundHost("evil.attacker.test", IPAddress.Parse("127.0.0.4"), 25),
        new OutboundHost("mx2.remote.test", IPAddress.Parse("127.0.0.5"), 25),
    ]);

    private static MtaStsPolicy Policy(MtaStsMode mode, params string[] mx) => new(mode, mx, TimeSpan.FromDays(1));

    [Fact]
    public void Enforce_keeps_only_matching_hosts_and_demands_verified_TLS_of_them()
    {
        var plan = MtaStsEnforcement.Apply(Plan, "remote.test", Policy(MtaStsMode.Enforce, "*.remote.test"), "q1", NullLogger.Instance);
        Assert.Null(plan.Result);
        Assert.Equal(["mx1.remote.test", "mx2.remote.test"], plan.Hosts.Select(h => h.Name));
        Assert.All(plan.Hosts, h => Assert.Equal(MtaStsMode.Enforce, h.MtaSts));
    }

    [Fact]
    public void Enforce_with_no_matching_host_defers_with_4_7_5()
    {
        var plan = MtaStsEnforcement.Apply(Plan, "remote.test", Policy(MtaStsMode.Enforce, "mx.elsewhere.test"), "q1", NullLogger.Instance);
        Assert.Empty(plan.Hosts);
        Assert.Equal((RecipientOutcome.Deferred, "4.7.5"), (plan.Result!.Outcome, plan.Result.Status));
        Assert.Contains("MTA-STS", plan.Result.Diagnostic);
    }

    [Fact]
    public void Testing_keeps_every_host_and_marks_them()
    {
        var plan = MtaStsEnforcement.Apply(Plan, "remote.test", Policy(MtaStsMode.Testing, "mx1.remote.test"), "q1", NullLogger.Instance);
        Assert.Equal(3, plan.Hosts.Count);
        Assert.All(plan.Hosts, h => Assert.Equal(MtaStsMode.Testing, h.MtaSts));
    }

    [Fact]
    public void None_or_no_policy_changes_nothing()
    {
        Assert.Same(Plan, MtaStsEnforcement.Apply(Plan, "remote.test", Policy(MtaStsMode.None), "q1", NullLogger.Instance));
        Assert.Same(Plan, MtaStsEnforcement.Apply(Plan, "remote.test", null, "q1", NullLogger.Instance));
    }
}
