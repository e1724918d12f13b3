namespace Mizugiwa.Content.Gtube;

/// <summary>
/// GTUBE, the Generic Test for Unsolicited Bulk Email: a message carrying this fixed string is spam
/// to every filter, so an administrator can test the spam path end to end without real spam.
/// </summary>
public sealed class GtubeAnalyzer : IContentAnalyzer
{
    public const string Symbol = "GTUBE";
    public const string TestString = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";

    public string Name => "gtube";

    public IReadOnlyCollection<string> Symbols => [Symbol];

    public ContentStage Stage => ContentStage.Analysis;

    public ValueTask AnalyzeAsync(ContentMessage message, ContentReport report, CancellationToken cancellationToken)
    {
        if (message.Parts.Texts.Any(t => t.Text.Contains(TestString, StringComparison.Ordinal)))
            report.Add(Symbol, 1000, "the GTUBE test string");
        return ValueTask.CompletedTask;
    }
}
