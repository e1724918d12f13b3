using Mizugiwa.Configuration;

namespace Mizugiwa.Cli;

/// <summary><c>mizugiwa token add|list|remove</c>: admin tokens for the JSON API.</summary>
internal static class TokenCommand
{
    public const string Usage = """
        usage: mizugiwa token add NAME      prints a new admin API token once (only its hash is kept)
               mizugiwa token list
               mizugiwa token remove NAME
        """;

    public static Task<int> RunAsync(string[] args, MizugiwaOptions options) =>
        CommandRunner.RunAsync(Usage, args, new Dictionary<string, Func<string[], Task>>
        {
            ["add"] = async rest =>
            {
                var name = CommandArguments.Parse(rest, 1, 1).Values[0];
                Console.WriteLine(await CommandRunner.OpenDirectory(options).AddApiTokenAsync(name, DateTimeOffset.UtcNow, CancellationToken.None));
            },
            ["list"] = async rest =>
            {
                CommandArguments.Parse(rest, 0, 0);
                foreach (var token in await CommandRunner.OpenDirectory(options).ListApiTokensAsync(CancellationToken.None)) Console.WriteLine(token);
            },
            ["remove"] = async rest =>
            {
                var name = CommandArguments.Parse(rest, 1, 1).Values[0];
                await CommandRunner.OpenDirectory(options).RemoveApiTokenAsync(name, CancellationToken.None);
                Console.WriteLine($"removed token {name}");
            },
        });
}
