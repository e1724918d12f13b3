using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Mizugiwa.Configuration;
using Mizugiwa.Core.State;
using Mizugiwa.Policy.Flow;
using Mizugiwa.Policy.Harvest;

namespace Mizugiwa.Cli;

/// <summary><c>mizugiwa limits show IP</c>: one client's flow-control and harvest counters against their limits.</summary>
internal static class LimitsCommand
{
    public const string Usage = """
        usage: mizugiwa limits show IP
          The counters of IP and of its network (/24, /64) against the flow-control limits and the
          harvest-guard thresholds, and the block that applies to it, if any. Live counts are only
          seen with the Redis state store; the embedded store keeps them in the server's memory.
        """;

    /// <param name="liveCounts">Whether the store holds the servers' live counters (Redis); false for the embedded store.</param>
    public static Task<int> RunAsync(string[] args, MizugiwaOptions options, Func<MizugiwaOptions, IStateStore> openStore,
        FlowControlOptions flow, HarvestGuardOptions harvest, bool liveCounts) =>
        CommandRunner.RunAsync(Usage, args, new Dictionary<string, Func<string[], Task>>
        {
            ["show"] = rest =>
            {
                var a = CommandArguments.Parse(rest, 1, 1);
                if (!IPAddress.TryParse(a.Values[0], out var address)) throw new UsageException($"'{a.Values[0]}' is not an IP address");
                return BlocksCommand.WithStoreAsync(options, openStore, store => ShowAsync(store, address, flow, harvest, liveCounts));
            },
        });

    private static async Task ShowAsync(IStateStore store, IPAddress address, FlowControlOptions flow, HarvestGuardOptions harvest, bool liveCounts)
    {
        var guard = new HarvestGuard(store, harvest, TimeProvider.System, NullLogger<HarvestGuard>.Instance);
        var flowReport = await new FlowControl(store, flow).DescribeAsync(address, CancellationToken.None);
        var harvestReport = await guard.DescribeAsync(address, CancellationToken.None);
        var block = await guard.Blocks.FindAsync(address, CancellationToken.None);

        Console.WriteLine($"client {flowReport.Address} (network {flowReport.Network})");
        if (!liveCounts)
            Console.WriteLine("note: the embedded state store keeps its counters in the running server's memory, so the counts below are not live; use the Redis store to see them. Blocks are shown.");
        if (Trusted(flowReport.Address, flow.TrustedNetworks) is { } flowTrust) Console.WriteLine($"flow control: exempt (trusted network {flowTrust})");
        if (Trusted(flowReport.Address, harvest.TrustedNetworks) is { } harvestTrust) Console.WriteLine($"harvest guard: exempt (trusted network {harvestTrust})");
        Console.WriteLine("flow control:");
        foreach (var usage in flowReport.Usages) Console.WriteLine($"  {usage}");
        Console.WriteLine("harvest guard:");
        foreach (var usage in harvestReport.Usages) Console.WriteLine($"  {usage}");
        Console.WriteLine(block is null ? "block: none" : $"block: {block}");
    }

    private static IPNetwork? Trusted(IPAddress address, IReadOnlyList<IPNetwork> networks)
    {
        foreach (var network in networks)
            if (network.Contains(address)) return network;
        return null;
    }
}
