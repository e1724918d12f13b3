using Mizugiwa.Configuration;

namespace Mizugiwa.Cli;

/// <summary><c>mizugiwa domain add|list|remove</c>.</summary>
internal static class DomainCommand
{
    public const string Usage = """
        usage: mizugiwa domain add DOMAIN
               mizugiwa domain list
               mizugiwa domain remove [--force] DOMAIN
        """;

    private const string Force = "--force";

    public static Task<int> RunAsync(string[] args, MizugiwaOptions options) =>
        CommandRunner.RunAsync(Usage, args, new Dictionary<string, Func<string[], Task>>
        {
            ["add"] = async rest =>
            {
                var domain = CommandArguments.Parse(rest, 1, 1).Values[0];
                await CommandRunner.OpenDirectory(options).AddDomainAsync(domain, CancellationToken.None);
                Console.WriteLine($"added domain {domain.ToLowerInvariant()}");
            },
            ["list"] = async rest =>
            {
                CommandArguments.Parse(rest, 0, 0);
                foreach (var domain in await CommandRunner.OpenDirectory(options).ListDomainsAsync(CancellationToken.None))
                    Console.WriteLine(domain);
            },
            ["remove"] = async rest =>
            {
                var a = CommandArguments.Parse(rest, 1, 1, Force);
                await CommandRunner.OpenDirectory(options).RemoveDomainAsync(a.Values[0], a.Has(Force), CancellationToken.None);
                Console.WriteLine($"removed domain {a.Values[0].ToLowerInvariant()}");
            },
        });
}
