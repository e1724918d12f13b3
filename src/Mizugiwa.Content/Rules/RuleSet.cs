namespace Mizugiwa.Content.Rules;

/// <summary>The rules a <see cref="RuleAnalyzer"/> runs: the shipped default file and/or the operator's files.</summary>
public sealed class RuleSet(IReadOnlyList<ContentRule> rules)
{
    public const string DefaultResourceName = "Mizugiwa.Content.Rules.default.rules";

    public IReadOnlyList<ContentRule> Rules => rules;

    public static RuleSet Parse(string text, string fileName, TimeSpan? matchTimeout = null) =>
        new(RuleFileParser.Parse(text, fileName, matchTimeout));

    public static RuleSet Load(string path, TimeSpan? matchTimeout = null) =>
        Parse(File.ReadAllText(path), path, matchTimeout);

    /// <summary>The rules shipped inside the assembly (src/Mizugiwa.Content/Rules/default.rules).</summary>
    public static RuleSet LoadDefault(TimeSpan? matchTimeout = null)
    {
        using var stream = typeof(RuleSet).Assembly.GetManifestResourceStream(DefaultResourceName)
            ?? throw new InvalidOperationException($"resource {DefaultResourceName} is missing");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "default.rules", matchTimeout);
    }

    /// <summary>Several files as one set; a rule name defined twice is an error naming both places.</summary>
    public static RuleSet Combine(params RuleSet[] sets)
    {
        var all = sets.SelectMany(s => s.Rules).ToList();
        var duplicate = all.GroupBy(r => r.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            var places = duplicate.Select(r => r.Source).ToList();
            var at = places[1].LastIndexOf(':');
            throw new RuleFileException(places[1][..at], int.Parse(places[1][(at + 1)..], System.Globalization.CultureInfo.InvariantCulture),
                $"rule {duplicate.Key} is already defined at {places[0]}");
        }
        return new RuleSet(all);
    }
}
