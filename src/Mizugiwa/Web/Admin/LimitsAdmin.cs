using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Mizugiwa.Core.State;
using Mizugiwa.Policy.Access;
using Mizugiwa.Policy.Flow;
using Mizugiwa.Policy.Harvest;

namespace Mizugiwa.Web.Admin;

/// <summary>One client's counters against the limits, as <c>mizugiwa limits show</c> finds them (the same calls).</summary>
public sealed record LimitsView(string Address, string Network, IReadOnlyList<LimitUsage> Flow, IReadOnlyList<LimitUsage> Harvest,
    string? Block, string? FlowExemptBy, string? HarvestExemptBy);

/// <summary>What the flow-limits page and API do: describe a client, reset what holds it back, trust it.</summary>
internal sealed class LimitsAdmin(IStateStore store, FlowControlOptions flow, HarvestGuardOptions harvest, SqliteAccessStore access, TimeProvider time)
{
    public FlowControlOptions Flow => flow;
    public HarvestGuardOptions Harvest => harvest;

    public async Task<LimitsView> DescribeAsync(IPAddress address, CancellationToken cancellationToken)
    {
        var guard = new HarvestGuard(store, harvest, time, NullLogger<HarvestGuard>.Instance);
        var flowReport = await new FlowControl(store, flow).DescribeAsync(address, cancellationToken);
        var harvestReport = await guard.DescribeAsync(address, cancellationToken);
        var block = await guard.Blocks.FindAsync(address, cancellationToken);
        return new LimitsView(flowReport.Address.ToString(), flowReport.Network.Text, flowReport.Usages, harvestReport.Usages, block?.ToString(),
            Trusted(flowReport.Address, flow.TrustedNetworks)?.ToString(), Trusted(flowReport.Address, harvest.TrustedNetworks)?.ToString());
    }

    /// <summary>
    /// Lifts the harvest blocks of the address and of its network and forgets their offences (as
    /// <c>blocks release</c> does). Returns what was released.
    /// </summary>
    public async Task<IReadOnlyList<string>> ResetAsync(IPAddress address, CancellationToken cancellationToken)
    {
        var blocks = new BlockRegistry(store, harvest, time);
        var released = new List<string>();
        foreach (var scope in new[] { SourceScope.Of(address), SourceScope.NetworkOf(address) })
            if (await blocks.ReleaseAsync(scope, cancellationToken)) released.Add(scope.Text);
        return released;
    }

    /// <summary>Trusts the address from now on: an access-list allow entry, which skips flow control and every spam check.</summary>
    public Task WhitelistAsync(IPAddress address, CancellationToken cancellationToken) =>
        access.AddAsync(new AccessRule(AccessKind.Client, Core.ClientAddress.Unmapped(address).ToString(), AccessAction.Allow, "trusted from the flow-limits page"),
            cancellationToken);

    private static IPNetwork? Trusted(IPAddress address, IReadOnlyList<IPNetwork> networks) => networks.Cast<IPNetwork?>().FirstOrDefault(n => n!.Value.Contains(address));
}
