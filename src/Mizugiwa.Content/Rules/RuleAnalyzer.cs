using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mizugiwa.Content.Rules;

/// <summary>
/// Runs a <see cref="RuleSet"/> over a message: each rule that fires adds its symbol with its score.
/// A rule whose pattern runs past the match timeout adds nothing and is logged, so one bad rule
/// costs at most its timeout per message and never the verdict.
/// </summary>
public sealed class RuleAnalyzer(RuleSet rules, IUrlSource? urls = null, ILogger<RuleAnalyzer>? logger = null) : IContentAnalyzer
{
    private readonly IUrlSource _urls = urls ?? Urls.ExtractedUrlSource.Instance;
    private readonly ILogger _logger = logger ?? NullLogger<RuleAnalyzer>.Instance;

    public string Name => "rules";

    public IReadOnlyCollection<string> Symbols => [.. rules.Rules.Select(r => r.Name)];
    public ContentStage Stage => ContentStage.Analysis;

    public ValueTask AnalyzeAsync(ContentMessage message, ContentReport report, CancellationToken cancellationToken)
    {
        var input = new RuleInput(message, _urls);
        foreach (var rule in rules.Rules)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (rule.Matches(input)) report.Add(rule.Name, rule.Score, rule.Description);
            }
            catch (RegexMatchTimeoutException e)
            {
                _logger.LogWarning("rule {Rule} ({Source}) timed out after {Timeout} ms and was skipped",
                    rule.Name, rule.Source, e.MatchTimeout.TotalMilliseconds);
            }
        }
        return ValueTask.CompletedTask;
    }
}
