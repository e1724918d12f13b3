using System.Text.RegularExpressions;

namespace Mizugiwa.Content.Rules;

/// <summary>
/// One rule of a rule file: when its pattern matches (or, negated, does not match) its target, the
/// symbol <see cref="Name"/> is added with <see cref="Score"/>.
/// </summary>
/// <param name="Selector">The header values to read; only for <see cref="RuleKind.Header"/>.</param>
/// <param name="Source">Where the rule was written, "file:line".</param>
public sealed record ContentRule(
    string Name,
    RuleKind Kind,
    HeaderSelector? Selector,
    Regex Pattern,
    bool Negated,
    double Score,
    string? Description,
    string Source)
{
    /// <summary>Whether the rule fires. A pattern that runs past its timeout throws <see cref="RegexMatchTimeoutException"/>.</summary>
    public bool Matches(RuleInput input)
    {
        var found = Targets(input).Any(Pattern.IsMatch);
        return found != Negated;
    }

    private IEnumerable<string> Targets(RuleInput input) => Kind switch
    {
        RuleKind.Header => input.Header(Selector!),
        RuleKind.Body => [input.Body],
        RuleKind.RawBody => [input.RawBody],
        RuleKind.Uri => input.Urls,
        _ => [],
    };
}
