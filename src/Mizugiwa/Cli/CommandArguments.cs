namespace Mizugiwa.Cli;

/// <summary>The words after a subcommand: positional values and "--" flags.</summary>
internal sealed class CommandArguments
{
    private readonly HashSet<string> _flags;

    private CommandArguments(List<string> values, HashSet<string> flags) => (Values, _flags) = (values, flags);

    public IReadOnlyList<string> Values { get; }

    public bool Has(string flag) => _flags.Contains(flag);

    public string? Optional(int index) => index < Values.Count ? Values[index] : null;

    /// <summary>Splits <paramref name="args"/>; throws a <see cref="UsageException"/> for an unknown flag or a wrong number of values.</summary>
    public static CommandArguments Parse(IEnumerable<string> args, int minValues, int maxValues, params string[] allowedFlags)
    {
        var values = new List<string>();
        var flags = new HashSet<string>(StringComparer.Ordinal);
        foreach (var arg in args)
        {
            if (!arg.StartsWith("--", StringComparison.Ordinal)) values.Add(arg);
            else if (allowedFlags.Contains(arg)) flags.Add(arg);
            else throw new UsageException($"unknown option '{arg}'");
        }
        if (values.Count < minValues) throw new UsageException("missing argument");
        if (values.Count > maxValues) throw new UsageException($"unexpected argument '{values[maxValues]}'");
        return new CommandArguments(values, flags);
    }
}
