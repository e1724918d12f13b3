using Mizugiwa.Configuration;
using Mizugiwa.Content;
using Mizugiwa.Content.Scoring;

namespace Mizugiwa.Hosting;

/// <summary>
/// The names the Content section gives: analyzers in Disabled, symbols in Weights and ForcedActions.
/// A name no analyzer knows (a typo, a rule that was removed) would silently do nothing, so the start
/// is refused naming the key.
/// </summary>
internal static class ContentNameCheck
{
    /// <param name="analyzers">Every analyzer the configuration builds, before Disabled is applied.</param>
    /// <param name="absent">Analyzers the configuration does not build (e.g. clamd without an endpoint), which may still be named.</param>
    /// <exception cref="ConfigurationProblemException">A name is unknown.</exception>
    public static void Check(ContentOptions content, IEnumerable<IContentAnalyzer> analyzers, IEnumerable<(string Name, IReadOnlyCollection<string> Symbols)> absent)
    {
        var known = analyzers.Select(a => (a.Name, a.Symbols)).Concat(absent).ToList();
        var analyzerNames = known.Select(a => a.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var symbols = known.SelectMany(a => a.Symbols).Append(ContentScanner.AnalyzerError).Append(OwnBayesScore.Symbol)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        foreach (var name in content.Disabled.Where(n => !analyzerNames.Contains(n)))
            problems.Add($"Content:Disabled '{name}' is not an analyzer (these are: {string.Join(", ", analyzerNames.Order(StringComparer.Ordinal))})");
        foreach (var name in content.Weights.Keys.Where(n => !symbols.Contains(n)))
            problems.Add($"Content:Weights:{name} names no symbol an analyzer or rule adds");
        foreach (var name in content.ForcedActions.Keys.Where(n => !symbols.Contains(n)))
            problems.Add($"Content:ForcedActions:{name} names no symbol an analyzer or rule adds");
        if (problems.Count > 0) throw new ConfigurationProblemException("invalid configuration:\n  " + string.Join("\n  ", problems));
    }
}
