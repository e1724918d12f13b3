using Mizugiwa.Configuration;

namespace Mizugiwa.Cli;

/// <summary><c>mizugiwa alias add|list|remove</c>.</summary>
internal static class AliasCommand
{
    public const string Usage = """
        usage: mizugiwa alias add ALIAS TARGET
               mizugiwa alias list [DOMAIN]
               mizugiwa alias remove ALIAS [TARGET]
        """;

    public static Task<int> RunAsync(string[] args, MizugiwaOptions options) =>
        CommandRunner.RunAsync(Usage, args, new Dictionary<string, Func<string[], Task>>
        {
            ["add"] = async rest =>
            {
                var a = CommandArguments.Parse(rest, 2, 2);
                await CommandRunner.OpenDirectory(options).AddAliasAsync(a.Values[0], a.Values[1], CancellationToken.None);
                Console.WriteLine($"added alias {a.Values[0]} -> {a.Values[1]}");
            },
            ["list"] = async rest =>
            {
                var domain = CommandArguments.Parse(rest, 0, 1).Optional(0);
                foreach (var alias in await CommandRunner.OpenDirectory(options).ListAliasesAsync(domain, CancellationToken.None))
                    Console.WriteLine($"{alias.Address} -> {alias.Target}");
            },
            ["remove"] = async rest =>
            {
                var a = CommandArguments.Parse(rest, 1, 2);
                await CommandRunner.OpenDirectory(options).RemoveAliasAsync(a.Values[0], a.Optional(1), CancellationToken.None);
                Console.WriteLine(a.Optional(1) is { } target ? $"removed alias {a.Values[0]} -> {target}" : $"removed alias {a.Values[0]}");
            },
        });
}
