using System.Resources;

namespace Mizugiwa.Policy.S25r;

/// <summary>
/// A set of S25R rules and exceptions. <see cref="Default"/> is the published rule set (rules 0–6);
/// administrators add rules and exceptions in files of the same format and <see cref="Combine"/> them.
/// </summary>
/// <remarks>
/// The tested text is the client's forward-confirmed PTR name; a client without one is "unknown",
/// which rule 0 matches. Rules are tried in order and the first match is reported; a matched name
/// is then tested against the exceptions, and the first matching exception exempts it.
/// </remarks>
public sealed class S25rRules
{
    /// <summary>The word for a client without a forward-confirmed PTR name (as Postfix says it).</summary>
    public const string UnknownClient = "unknown";

    private static readonly Lazy<S25rRules> DefaultRules = new(LoadDefault);

    private readonly S25rRule[] _rules;
    private readonly S25rRule[] _exceptions;

    private S25rRules(IEnumerable<S25rRule> entries)
    {
        _rules = [.. entries.Where(e => !e.IsException)];
        _exceptions = [.. entries.Where(e => e.IsException)];
    }

    /// <summary>The published S25R rules 0–6 shipped with Mizugiwa (no exceptions).</summary>
    public static S25rRules Default => DefaultRules.Value;

    /// <summary>A set with no rules and no exceptions (nothing matches).</summary>
    public static S25rRules Empty { get; } = new([]);

    public IReadOnlyList<S25rRule> Rules => _rules;
    public IReadOnlyList<S25rRule> Exceptions => _exceptions;

    /// <summary>Reads a rule file. Throws <see cref="S25rRuleFormatException"/> naming the line and the reason.</summary>
    public static S25rRules Load(TextReader reader, string sourceName = "rules") =>
        new(S25rRuleParser.Parse(reader, sourceName));

    public static S25rRules LoadFile(string path)
    {
        using var reader = new StreamReader(path);
        return Load(reader, path);
    }

    /// <summary>
    /// One set from several, in order: a later entry with the name of an earlier one of the same kind
    /// replaces it in place (so an administrator can redefine a default rule); new entries go after.
    /// </summary>
    public static S25rRules Combine(params IEnumerable<S25rRules> sets)
    {
        var entries = new List<S25rRule>();
        foreach (var set in sets)
        {
            foreach (var entry in set._rules.Concat(set._exceptions))
            {
                int index = entries.FindIndex(e => e.IsException == entry.IsException && e.Name == entry.Name);
                if (index >= 0) entries[index] = entry;
                else entries.Add(entry);
            }
        }
        return new S25rRules(entries);
    }

    /// <summary>Tests a client name; null or blank means the client has no forward-confirmed PTR.</summary>
    public S25rResult Match(string? fcrdnsName)
    {
        var name = Normalize(fcrdnsName);
        var rule = Array.Find(_rules, r => r.IsMatch(name));
        if (rule is null) return S25rResult.NoMatch;
        var exception = Array.Find(_exceptions, e => e.IsMatch(name));
        return new S25rResult(true, rule.Name, exception is not null, exception?.Name);
    }

    /// <summary>The names of every rule that matches (not only the first), for tests and the CLI's explanations.</summary>
    public IReadOnlyList<string> MatchingRules(string? fcrdnsName)
    {
        var name = Normalize(fcrdnsName);
        return [.. _rules.Where(r => r.IsMatch(name)).Select(r => r.Name)];
    }

    private static string Normalize(string? name)
    {
        var trimmed = name?.Trim().TrimEnd('.');
        return string.IsNullOrEmpty(trimmed) ? UnknownClient : trimmed;
    }

    private static S25rRules LoadDefault()
    {
        var resources = new ResourceManager("Mizugiwa.Policy.S25r.DefaultRules", typeof(S25rRules).Assembly);
        var text = resources.GetString("Rules", System.Globalization.CultureInfo.InvariantCulture)
            ?? throw new InvalidOperationException("The embedded resource default-s25r.rules is missing from the assembly.");
        using var reader = new StringReader(text);
        return Load(reader, "default-s25r.rules");
    }
}
