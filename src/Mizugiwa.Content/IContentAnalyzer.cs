namespace Mizugiwa.Content;

/// <summary>
/// One analyzer of the content level (one file per analyzer). It reads the message and adds symbols
/// (and, for authentication, verdicts and Authentication-Results entries) to the report. It never
/// throws for a bad message: a message that cannot be analysed is a symbol too.
/// </summary>
public interface IContentAnalyzer
{
    /// <summary>A short lower-case name for config and logs, e.g. "spf", "bayes".</summary>
    string Name { get; }

    ContentStage Stage { get; }

    ValueTask AnalyzeAsync(ContentMessage message, ContentReport report, CancellationToken cancellationToken);
}
