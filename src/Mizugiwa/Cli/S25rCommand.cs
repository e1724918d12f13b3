using Mizugiwa.Configuration;
using Mizugiwa.Hosting;

namespace Mizugiwa.Cli;

/// <summary><c>mizugiwa s25r test HOSTNAME...</c>: which S25R rule (and exception) a client name meets.</summary>
internal static class S25rCommand
{
    public const string Usage = """
        usage: mizugiwa s25r test HOSTNAME...
          HOSTNAME is the client's forward-confirmed PTR name, or "unknown" when it has none.
          Uses the built-in rules and Checks:Rgrey:RuleFiles.
        """;

    public static Task<int> RunAsync(string[] args, MizugiwaOptions options) =>
        CommandRunner.RunAsync(Usage, args, new Dictionary<string, Func<string[], Task>>
        {
            ["test"] = rest =>
            {
                var hosts = CommandArguments.Parse(rest, 1, int.MaxValue).Values;
                var rules = PolicyServices.LoadS25rRules(options.Checks.Rgrey);
                foreach (var host in hosts)
                {
                    var result = rules.Match(host);
                    var verdict = !result.Matched ? "no match"
                        : result.Exempted ? $"matches {result.Rule}, exempted by {result.Exception}"
                        : $"matches {result.Rule}";
                    Console.WriteLine($"{host}: {verdict}");
                }
                return Task.CompletedTask;
            },
        });
}
