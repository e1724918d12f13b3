using System.Text.RegularExpressions;
using MimeKit;

namespace Mizugiwa.Content.Headers;

/// <summary>
/// The recipient fields: no To and no Cc at all (the recipients were only on the envelope, as bulk
/// senders do), or a To that says the recipients were hidden ("undisclosed-recipients:;").
/// </summary>
public sealed partial class ToHeaderAnalyzer : IContentAnalyzer
{
    public const string Missing = "TO_MISSING";
    public const string Undisclosed = "TO_UNDISCLOSED";

    public string Name => "to";

    public IReadOnlyCollection<string> Symbols => [Missing, Undisclosed];
    public ContentStage Stage => ContentStage.Analysis;

    public ValueTask AnalyzeAsync(ContentMessage message, ContentReport report, CancellationToken cancellationToken)
    {
        var to = HeaderValues.All(message.Mime, HeaderId.To).ToList();
        if (to.Count == 0 && !HeaderValues.All(message.Mime, HeaderId.Cc).Any())
        {
            report.Add(Missing, 1.0);
            return ValueTask.CompletedTask;
        }
        if (to.Any(h => UndisclosedPattern().IsMatch(h.Value ?? ""))) report.Add(Undisclosed, 1.0);
        return ValueTask.CompletedTask;
    }

    [GeneratedRegex(@"undisclosed[ ._-]?recipients?|recipient list (not shown|suppressed)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UndisclosedPattern();
}
