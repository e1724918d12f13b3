using Mizugiwa.Configuration;
using Mizugiwa.Core;

namespace Mizugiwa.Cli;

/// <summary>
/// <c>mizugiwa account forward ADDRESS [TARGET...] [--keep-copy|--no-keep-copy]</c>: sets the targets
/// (at most <see cref="Forwarding.MaxTargets"/>); no targets turns forwarding off. Without a flag the
/// keep-copy choice stays as it was (a copy is kept unless someone chose otherwise).
/// </summary>
internal static class AccountForwardCommand
{
    private const string KeepCopy = "--keep-copy";
    private const string NoKeepCopy = "--no-keep-copy";

    public static async Task RunAsync(string[] args, MizugiwaOptions options)
    {
        var a = CommandArguments.Parse(args, 1, 1 + Forwarding.MaxTargets, KeepCopy, NoKeepCopy);
        if (a.Has(KeepCopy) && a.Has(NoKeepCopy)) throw new UsageException("give either --keep-copy or --no-keep-copy, not both");
        IForwardingDirectory directory = CommandRunner.OpenDirectory(options);
        var address = a.Values[0];
        var targets = a.Values.Skip(1).ToList();
        var keep = a.Has(KeepCopy) || (!a.Has(NoKeepCopy) && (await directory.GetForwardingAsync(address, CancellationToken.None)).KeepCopy);
        await directory.SetForwardingAsync(address, targets, keep, CancellationToken.None);
        Console.WriteLine(targets.Count == 0
            ? $"forwarding of {address} is off"
            : $"{address} forwards to {string.Join(", ", targets)} and {(keep ? "keeps" : "keeps no")} copy");
    }
}
