using System.Text.RegularExpressions;
using MimeKit;

namespace Mizugiwa.Content.Headers;

/// <summary>
/// The From field (RFC 5322 3.6.2, required once): missing, repeated, or not an address list; and a
/// display name that shows a different address than the real one ("paypal@paypal.com" &lt;x@evil&gt;),
/// which is how phishing passes the reader's glance.
/// </summary>
public sealed partial class FromHeaderAnalyzer : IContentAnalyzer
{
    public const string Missing = "FROM_MISSING";
    public const string Multiple = "FROM_MULTIPLE";
    public const string Unparseable = "FROM_UNPARSEABLE";
    public const string NameForgesAddress = "FROM_NAME_FORGED_ADDRESS";

    public string Name => "from";

    public IReadOnlyCollection<string> Symbols => [Missing, Multiple, Unparseable, NameForgesAddress];
    public ContentStage Stage => ContentStage.Analysis;

    public ValueTask AnalyzeAsync(ContentMessage message, ContentReport report, CancellationToken cancellationToken)
    {
        var headers = HeaderValues.All(message.Mime, HeaderId.From).ToList();
        if (headers.Count == 0)
        {
            report.Add(Missing, 2.0);
            return ValueTask.CompletedTask;
        }
        if (headers.Count > 1) report.Add(Multiple, 1.5, $"{headers.Count} From fields");
        var mailboxes = HeaderValues.Mailboxes(headers[0]);
        if (mailboxes is null || mailboxes.Count == 0 || mailboxes.Any(m => HeaderValues.Domain(m.Address) is null))
        {
            var raw = HeaderValues.Raw(headers[0]);
            report.Add(Unparseable, 1.5, raw.Length > 60 ? raw[..60] : raw);
            return ValueTask.CompletedTask;
        }
        foreach (var mailbox in mailboxes)
        {
            var shown = AddressInName().Match(mailbox.Name ?? "");
            if (shown.Success && !string.Equals(shown.Value, mailbox.Address, StringComparison.OrdinalIgnoreCase))
            {
                report.Add(NameForgesAddress, 1.0, $"{shown.Value} vs {mailbox.Address}");
                break;
            }
        }
        return ValueTask.CompletedTask;
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex AddressInName();
}
