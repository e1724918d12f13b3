namespace Mizugiwa.Content.Attachments;

/// <summary>
/// Adds the attachment policy's symbols (each once, details joined) and applies its action to blocked
/// attachments: reject forces <see cref="ContentAction.Reject"/>; strip adds one ATTACHMENT_STRIP
/// symbol (score 0) per part to remove, whose detail is the key <see cref="AttachmentStripper"/> takes.
/// </summary>
public sealed class AttachmentAnalyzer(AttachmentPolicy policy) : IContentAnalyzer
{
    public const string StripSymbol = "ATTACHMENT_STRIP";

    public string Name => "attachment";

    public IReadOnlyCollection<string> Symbols => [AttachmentPolicy.Blocked, AttachmentPolicy.DoubleExtension, AttachmentPolicy.NameLies, AttachmentPolicy.Rtlo, StripSymbol];

    public ContentStage Stage => ContentStage.Analysis;

    public ValueTask AnalyzeAsync(ContentMessage message, ContentReport report, CancellationToken cancellationToken)
    {
        var findings = policy.Evaluate(message.Parts);
        if (findings.Count == 0) return ValueTask.CompletedTask;
        foreach (var group in findings.GroupBy(f => f.Symbol))
            report.Add(group.Key, ScoreOf(group.Key), string.Join("; ", group.Select(f => f.Detail).Distinct()));

        var blocked = findings.Where(f => f.Blocks).Select(f => f.Key).Distinct().ToList();
        if (blocked.Count == 0) return ValueTask.CompletedTask;
        switch (policy.Options.Action)
        {
            case AttachmentAction.Reject:
                report.Force(ContentAction.Reject, $"blocked attachment: {string.Join(", ", blocked)}");
                break;
            case AttachmentAction.Strip:
                foreach (var key in blocked) report.Add(StripSymbol, 0, key);
                break;
        }
        return ValueTask.CompletedTask;
    }

    private double ScoreOf(string symbol) => symbol switch
    {
        AttachmentPolicy.Blocked => policy.Options.BlockedScore,
        AttachmentPolicy.DoubleExtension => policy.Options.DoubleExtensionScore,
        AttachmentPolicy.NameLies => policy.Options.NameLiesScore,
        _ => policy.Options.RtloScore,
    };
}
