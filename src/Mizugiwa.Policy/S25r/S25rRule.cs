using System.Text.RegularExpressions;

namespace Mizugiwa.Policy.S25r;

/// <summary>One line of a rule file: a rule (a match makes the client suspect) or an exception (a match exempts it).</summary>
public sealed class S25rRule
{
    /// <summary>Linear-time matching, so no rule can be made to take long whatever the client's name.</summary>
    internal const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.NonBacktracking;

    private readonly Regex _regex;

    internal S25rRule(string name, bool isException, Regex regex, string origin)
    {
        Name = name;
        IsException = isException;
        _regex = regex;
        Origin = origin;
    }

    public string Name { get; }
    public bool IsException { get; }
    public string Pattern => _regex.ToString();
    /// <summary>Where the rule was defined, as "source:line".</summary>
    public string Origin { get; }

    public bool IsMatch(string name) => _regex.IsMatch(name);

    public override string ToString() => $"{(IsException ? "!" : "")}{Name} /{Pattern}/ ({Origin})";
}
