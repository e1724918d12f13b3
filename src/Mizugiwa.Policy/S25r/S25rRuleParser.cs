using System.Text.RegularExpressions;

namespace Mizugiwa.Policy.S25r;

/// <summary>
/// Reads the rule file format: <c>name /regex/flags</c> (a rule) or <c>!name /regex/flags</c>
/// (an exception), one per line; blank lines and lines starting with <c>#</c> are skipped.
/// </summary>
internal static class S25rRuleParser
{
    public static List<S25rRule> Parse(TextReader reader, string sourceName)
    {
        var rules = new List<S25rRule>();
        var seen = new Dictionary<(bool, string), int>();
        int lineNumber = 0;
        while (reader.ReadLine() is { } raw)
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var rule = ParseLine(line, sourceName, lineNumber);
            if (seen.TryGetValue((rule.IsException, rule.Name), out var first))
                throw new S25rRuleFormatException(sourceName, lineNumber, $"'{rule.Name}' is already defined on line {first}");
            seen[(rule.IsException, rule.Name)] = lineNumber;
            rules.Add(rule);
        }
        return rules;
    }

    private static S25rRule ParseLine(string line, string sourceName, int lineNumber)
    {
        S25rRuleFormatException Error(string reason) => new(sourceName, lineNumber, reason);

        int space = line.IndexOfAny([' ', '\t']);
        if (space < 0) throw Error("expected 'name /regex/flags' (or '!name /regex/flags' for an exception)");
        var name = line[..space];
        var rest = line[space..].TrimStart();
        bool isException = name.StartsWith('!');
        if (isException) name = name[1..];
        if (!IsValidName(name)) throw Error($"bad name '{name}': use letters, digits, '-', '_' and '.'");

        if (rest.Length == 0 || rest[0] != '/') throw Error($"the regex of '{name}' must be written between slashes, /like this/");
        int close = rest.LastIndexOf('/');
        if (close == 0) throw Error($"the regex of '{name}' has no closing '/'");
        var pattern = rest[1..close];
        var flags = rest[(close + 1)..];
        if (pattern.Length == 0) throw Error($"the regex of '{name}' is empty");
        foreach (var flag in flags)
        {
            if (flag != 'i') throw Error($"unknown flag '{flag}' after the regex of '{name}' (only 'i' is known; matching is always case-insensitive)");
        }

        try
        {
            return new S25rRule(name, isException, new Regex(pattern, S25rRule.Options), $"{sourceName}:{lineNumber}");
        }
        catch (NotSupportedException e)
        {
            throw Error($"the regex of '{name}' needs backtracking (backreferences, lookarounds or atomic groups are not allowed): {e.Message}");
        }
        catch (ArgumentException e)
        {
            throw Error($"the regex of '{name}' is not valid: {e.Message}");
        }
    }

    private static bool IsValidName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
