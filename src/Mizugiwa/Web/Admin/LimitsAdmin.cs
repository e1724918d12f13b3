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

/// <summary>What a reset did: how many counters had something, which blocks were lifted.</summary>
public sealed record LimitsReset(int CountersCleared, IReadOnlyList<string> Released);

/// <summary>What the flow-limits page and API do: describe a client, reset what holds it back, trust it.</summary>
internal sealed class LimitsAdmin(IStateStore store, FlowControlOptions flow, HarvestGuardOptions harvest, IAccessRuleStore access, TimeProvider time)
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
    /// Gives the address and its network a fresh start: clears their flow and harvest counters
    /// (connections, messages, recipients, unknown recipients, RCPT-only transactions; open connections
    /// stay counted), lifts their harvest blocks and forgets their offences (as <c>blocks release</c> does).
    /// </summary>
    public async Task<LimitsReset> ResetAsync(IPAddress address, CancellationToken cancellationToken)
    {
        var blocks = new BlockRegistry(store, harvest, time);
        var released = new List<string>();
        var cleared = 0;
        foreach (var scope in new[] { SourceScope.Of(address), SourceScope.NetworkOf(address) })
        {
            cleared += await SourceCounters.ResetAsync(store, scope, flow, harvest, cancellationToken);
            if (await blocks.ReleaseAsync(scope, cancellationToken)) released.Add(scope.Text);
        }
        return new LimitsReset(cleared, released);
    }

    /// <summary>Trusts the address from now on: an access-list allow entry, which skips flow control and every spam check.</summary>
    public Task WhitelistAsync(IPAddress address, CancellationToken cancellationToken) =>
        access.AddAsync(new AccessRule(AccessKind.Client, Core.ClientAddress.Unmapped(address).ToString(), AccessAction.Allow, "trusted from the flow-limits page"),
            cancellationToken);

    private static IPNetwork? Trusted(IPAddress address, IReadOnlyList<IPNetwork> networks) => networks.Cast<IPNetwork?>().FirstOrDefault(n => n!.Value.Contains(address));
}
