using Mizugiwa.Configuration;
using Mizugiwa.Core.State;
using Mizugiwa.Policy.Flow;
using Mizugiwa.Policy.Harvest;

namespace Mizugiwa.Cli;

/// <summary><c>mizugiwa blocks list|release</c>: the harvest guard's blocks in the state store.</summary>
internal static class BlocksCommand
{
    public const string Usage = """
        usage: mizugiwa blocks list
               mizugiwa blocks release IP|NETWORK
          Sources the harvest guard answers with 450 4.7.1 (or 421 at connect) until the block lifts.
          NETWORK is a /24 (IPv4) or /64 (IPv6) as the guard counts them, e.g. 192.0.2.0/24.
          release also forgets the source's earlier offences and does not block it again for one
          counting window. With the embedded state store the blocks are read from the data directory.
        """;

    public static Task<int> RunAsync(string[] args, MizugiwaOptions options, Func<MizugiwaOptions, IStateStore> openStore, HarvestGuardOptions harvest) =>
        CommandRunner.RunAsync(Usage, args, new Dictionary<string, Func<string[], Task>>
        {
            ["list"] = rest =>
            {
                CommandArguments.Parse(rest, 0, 0);
                return WithStoreAsync(options, openStore, async store =>
                {
                    var time = TimeProvider.System;
                    var blocks = await new BlockRegistry(store, harvest, time).ListBlocksAsync(CancellationToken.None);
                    if (blocks.Count == 0)
                    {
                        Console.WriteLine("no blocks");
                        return;
                    }
                    Console.WriteLine($"{"SOURCE",-26} {"UNTIL (UTC)",-20} {"LEFT",-6} {"OFFENCE",-7} REASON");
                    foreach (var block in blocks)
                    {
                        var left = block.ExpiresAt - time.GetUtcNow();
                        Console.WriteLine($"{block.Source,-26} {block.ExpiresAt.UtcDateTime,-20:yyyy-MM-dd HH:mm:ss} {Left(left),-6} {block.Level,-7} {block.Reason}");
                    }
                });
            },
            ["release"] = rest =>
            {
                var a = CommandArguments.Parse(rest, 1, 1);
                if (!SourceScope.TryParse(a.Values[0], out var source))
                    throw new UsageException($"'{a.Values[0]}' is neither an IP address nor a /24 (IPv4) or /64 (IPv6) network");
                return WithStoreAsync(options, openStore, async store =>
                {
                    var registry = new BlockRegistry(store, harvest, TimeProvider.System);
                    if (!await registry.ReleaseAsync(source, CancellationToken.None)) throw new InputException($"no block for {source}");
                    Console.WriteLine($"released {source}");
                    if (!source.IsNetwork && System.Net.IPAddress.TryParse(source.Text, out var address)
                        && await registry.GetAsync(SourceScope.NetworkOf(address), CancellationToken.None) is { } network)
                        Console.WriteLine($"note: {source} is still inside the blocked network {network.Source}");
                });
            },
        });

    /// <summary>Opens the store for one action and closes it afterwards if it holds a connection or a file.</summary>
    internal static async Task WithStoreAsync(MizugiwaOptions options, Func<MizugiwaOptions, IStateStore> openStore, Func<IStateStore, Task> action)
    {
        var store = openStore(options);
        try
        {
            await action(store);
            await Hosting.StateServices.WarnIfLocalOnlyAsync(store);
        }
        finally
        {
            if (store is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync();
            else if (store is IDisposable disposable) disposable.Dispose();
        }
    }

    private static string Left(TimeSpan left) =>
        left >= TimeSpan.FromHours(1) ? $"{(int)left.TotalHours}h{left.Minutes:00}m" : $"{(int)Math.Ceiling(left.TotalMinutes)}m";
}
