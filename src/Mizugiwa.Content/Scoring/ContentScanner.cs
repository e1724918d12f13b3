using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mizugiwa.Content.Scoring;

/// <summary>
/// Runs the analyzers stage by stage (those of one stage concurrently), then adds up the symbols and
/// maps the score, and any action a symbol forces, to a <see cref="ContentVerdict"/>. An analyzer that
/// throws adds the symbol ANALYZER_ERROR (score 0) and is logged; the others still count.
/// </summary>
public sealed class ContentScanner
{
    /// <summary>An analyzer failed on the message (score 0); the others' verdict stands.</summary>
    public const string AnalyzerError = "ANALYZER_ERROR";

    private readonly IReadOnlyList<IContentAnalyzer[]> _stages;
    private volatile ScoringOptions _scoring;
    private readonly ILogger _logger;

    public ContentScanner(IEnumerable<IContentAnalyzer> analyzers, ScoringOptions scoring, ILogger? logger = null)
    {
        _stages = [.. analyzers.GroupBy(a => a.Stage).OrderBy(g => g.Key).Select(g => g.ToArray())];
        _scoring = scoring;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The scores in force; <see cref="Reconfigure"/> changes them while running (runtime settings).</summary>
    public ScoringOptions Scoring => _scoring;

    public void Reconfigure(ScoringOptions scoring) => _scoring = scoring;

    public IEnumerable<string> AnalyzerNames => _stages.SelectMany(s => s).Select(a => a.Name);

    public async Task<ContentVerdict> ScanAsync(ContentMessage message, CancellationToken cancellationToken)
    {
        var report = new ContentReport();
        foreach (var stage in _stages)
            await Task.WhenAll(stage.Select(analyzer => RunAsync(analyzer, message, report, cancellationToken)));
        return Score(report);
    }

    public ContentVerdict Score(ContentReport report)
    {
        var symbols = report.Symbols
            .Select(s => new ScoredSymbol(s.Name, _scoring.Weights.TryGetValue(s.Name, out var weight) ? weight : s.DefaultScore, s.Detail))
            .OrderByDescending(s => s.Score).ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
        var score = Math.Round(symbols.Sum(s => s.Score), 2);
        var action = report.ForcedAction;
        var reasons = report.ForcedActionReasons.ToList();
        foreach (var symbol in symbols)
        {
            if (!_scoring.ForcedActions.TryGetValue(symbol.Name, out var forced) || forced <= ContentAction.None) continue;
            if (forced > action) action = forced;
            reasons.Add($"{symbol.Name} forces {forced.ToString().ToLowerInvariant()}");
        }
        if (score >= _scoring.SpamScore && action < ContentAction.Spam) action = ContentAction.Spam;
        if (_scoring.RejectScore is { } rejectScore && score >= rejectScore && action < ContentAction.Reject)
        {
            action = ContentAction.Reject;
            reasons.Add($"score {score} reaches the reject score {rejectScore}");
        }
        return new ContentVerdict(score, symbols, action, reasons, report);
    }

    private async Task RunAsync(IContentAnalyzer analyzer, ContentMessage message, ContentReport report, CancellationToken cancellationToken)
    {
        try
        {
            await analyzer.AnalyzeAsync(message, report, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogError(e, "content analyzer {Analyzer} failed: {Error}", analyzer.Name, e.Message);
            report.Add(AnalyzerError, 0, $"{analyzer.Name}: {e.Message}");
        }
    }
}
