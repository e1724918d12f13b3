using Mizugiwa.Configuration;
using Mizugiwa.Delivery.Dkim;

namespace Mizugiwa.Cli;

/// <summary><c>mizugiwa dkim keygen|list|show|activate|remove</c>: signing keys under DataDirectory/dkim.</summary>
internal static class DkimCommand
{
    public const string Usage = """
        usage: mizugiwa dkim keygen DOMAIN --selector S [--algorithm rsa|ed25519]
               mizugiwa dkim list
               mizugiwa dkim show DOMAIN
               mizugiwa dkim activate DOMAIN --selector S
               mizugiwa dkim remove DOMAIN --selector S
          keygen makes an RSA 2048 (default) or Ed25519 key and prints the DNS TXT record to publish.
          A domain's first key of a type signs at once; a later one waits for "activate" (publish it first).
        """;

    private const string Selector = "--selector";
    private const string Algorithm = "--algorithm";

    public static Task<int> RunAsync(string[] args, MizugiwaOptions options)
    {
        var store = DkimKeyStore.ForDataDirectory(options.DataDirectory);
        return CommandRunner.RunAsync(Usage, args, new Dictionary<string, Func<string[], Task>>
        {
            ["keygen"] = rest => Run(() =>
            {
                var (a, values) = Parse(rest, 1, Selector, Algorithm);
                var algorithm = DkimAlgorithm.Rsa;
                if (values.TryGetValue(Algorithm, out var name) && !DkimAlgorithms.TryParse(name, out algorithm))
                    throw new UsageException($"unknown algorithm '{name}' (rsa or ed25519)");
                var key = store.Generate(a.Values[0], Required(values, Selector), algorithm);
                Console.WriteLine($"; {Describe(key)}, key in {key.Path}");
                if (!key.Active)
                    Console.WriteLine($"; not signing yet: publish the record, then run: mizugiwa dkim activate {key.Domain} --selector {key.Selector}");
                Console.WriteLine(key.ZoneLine);
            }),
            ["list"] = rest => Run(() =>
            {
                Parse(rest, 0);
                foreach (var key in store.List())
                    Console.WriteLine($"{key.Domain,-30} {key.Selector,-20} {AlgorithmName(key),-8} {(key.Active ? "active" : "inactive"),-8} {key.Problem}".TrimEnd());
            }),
            ["show"] = rest => Run(() =>
            {
                var (a, _) = Parse(rest, 1);
                foreach (var key in store.List(a.Values[0]))
                {
                    if (key.Key is null) { Console.WriteLine($"; {key.Domain} selector {key.Selector}: unreadable key {key.Path}: {key.Problem}"); continue; }
                    Console.WriteLine($"; {Describe(key)}");
                    Console.WriteLine(key.ZoneLine);
                }
            }),
            ["activate"] = rest => Run(() =>
            {
                var (a, values) = Parse(rest, 1, Selector);
                var key = store.Activate(a.Values[0], Required(values, Selector));
                Console.WriteLine($"{key.Domain} now signs {AlgorithmName(key)} with selector {key.Selector}");
            }),
            ["remove"] = rest => Run(() =>
            {
                var (a, values) = Parse(rest, 1, Selector);
                var key = store.Remove(a.Values[0], Required(values, Selector));
                Console.WriteLine($"removed {key.Domain} selector {key.Selector}{(key.Active ? $" ({key.Domain} no longer signs with {AlgorithmName(key)})" : "")}");
            }),
        });
    }

    private static string Describe(DkimKeyInfo key) =>
        $"{key.Domain} selector {key.Selector}: {key.Key!.Algorithm.SignatureName()} ({key.Key.Bits} bits), {(key.Active ? "active" : "inactive")}";

    private static string AlgorithmName(DkimKeyInfo key) => key.Key?.Algorithm.Name() ?? "?";

    /// <summary>Key-store errors are the user's data problems (exit 65), like the other commands' directory errors.</summary>
    private static Task Run(Action action)
    {
        try { action(); }
        catch (DkimKeyException e) { throw new InputException(e.Message); }
        return Task.CompletedTask;
    }

    private static string Required(IReadOnlyDictionary<string, string> values, string option) =>
        values.TryGetValue(option, out var value) ? value : throw new UsageException($"{option} is required");

    /// <summary>Takes the "--name VALUE" (or "--name=VALUE") options out, then parses the rest with <see cref="CommandArguments"/>.</summary>
    private static (CommandArguments Arguments, Dictionary<string, string> Values) Parse(string[] args, int positional, params string[] valueOptions)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            var option = valueOptions.FirstOrDefault(o => args[i] == o || args[i].StartsWith(o + "=", StringComparison.Ordinal));
            if (option is null) { rest.Add(args[i]); continue; }
            string value;
            if (args[i].Length > option.Length) value = args[i][(option.Length + 1)..];
            else if (i + 1 < args.Length) value = args[++i];
            else throw new UsageException($"{option} needs a value");
            values[option] = value;
        }
        return (CommandArguments.Parse(rest, positional, positional), values);
    }
}
