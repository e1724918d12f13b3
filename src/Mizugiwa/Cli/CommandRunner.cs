using Mizugiwa.Configuration;
using Mizugiwa.Storage;

namespace Mizugiwa.Cli;

/// <summary>Runs a management subcommand and turns its failures into messages on stderr and exit codes.</summary>
internal static class CommandRunner
{
    /// <summary>Runs the action of <c>args[0]</c> from <paramref name="actions"/>.</summary>
    public static async Task<int> RunAsync(string usage, string[] args, IReadOnlyDictionary<string, Func<string[], Task>> actions)
    {
        try
        {
            if (args.Length == 0) throw new UsageException("missing subcommand");
            if (!actions.TryGetValue(args[0], out var action)) throw new UsageException($"unknown subcommand '{args[0]}'");
            await action(args[1..]);
            return ExitCodes.Ok;
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync($"mizugiwa: {e.Message}\n{usage}");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is DirectoryException or InputException)
        {
            await Console.Error.WriteLineAsync($"mizugiwa: {e.Message}");
            return ExitCodes.Data;
        }
    }

    public static SqlDirectory OpenDirectory(MizugiwaOptions options) =>
        Hosting.DirectoryFactory.Open(options);
}
