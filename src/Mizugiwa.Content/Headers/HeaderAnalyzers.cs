namespace Mizugiwa.Content.Headers;

/// <summary>Every header heuristic, for the server's analyzer list and the corpus measurement.</summary>
public static class HeaderAnalyzers
{
    public static IReadOnlyList<IContentAnalyzer> Create(TimeProvider time, DateHeaderOptions? date = null, ReceivedOptions? received = null) =>
    [
        new DateHeaderAnalyzer(time, date),
        new MessageIdAnalyzer(),
        new FromHeaderAnalyzer(),
        new ToHeaderAnalyzer(),
        new SubjectAnalyzer(),
        new CharsetAnalyzer(),
        new ReceivedAnalyzer(received),
        new BulkMailerAnalyzer(),
        new ReplyToAnalyzer(),
        new Mime.MimeStructureAnalyzer(),
    ];
}
