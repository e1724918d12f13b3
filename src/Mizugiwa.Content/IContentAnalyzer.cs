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

    /// <summary>Every symbol it may add, so a configuration that names another one (a typo) is refused at start.</summary>
    IReadOnlyCollection<string> Symbols { get; }

    ContentStage Stage { get; }

    ValueTask AnalyzeAsync(ContentMessage message, ContentReport report, CancellationToken cancellationToken);
}
