using System.Text.RegularExpressions;
using MimeKit;

namespace Mizugiwa.Content.Headers;

/// <summary>
/// An X-Mailer naming a mass-mailing program sold for sending to harvested lists. List servers and
/// newsletter platforms used for solicited mail are deliberately not on the list, nor webmail
/// front ends that spammers also used (AOL's "Atlas Mailer" wrote ham and spam alike in the corpus).
/// </summary>
public sealed partial class BulkMailerAnalyzer : IContentAnalyzer
{
    public const string BulkMailer = "XMAILER_BULK_TOOL";

    public string Name => "x-mailer";

    public IReadOnlyCollection<string> Symbols => [BulkMailer];
    public ContentStage Stage => ContentStage.Analysis;

    public ValueTask AnalyzeAsync(ContentMessage message, ContentReport report, CancellationToken cancellationToken)
    {
        var mailer = message.Mime.Headers[HeaderId.XMailer];
        if (mailer is not null && KnownBulkTools().Match(mailer) is { Success: true } match)
            report.Add(BulkMailer, 1.5, match.Value);
        return ValueTask.CompletedTask;
    }

    [GeneratedRegex(@"\b(Group Mail|Advanced Mass Sender|Atomic Mail Sender|Send-Safe|Dynamic Mass Mail|Mass Mail(er)?\b|Bulk ?(E-?)?Mail(er)?|MailKing|Floodgate|Avalanche|QuickSender|Easy DM|Aureate|JiXing|Stealth Mail)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KnownBulkTools();
}
