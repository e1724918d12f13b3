using MimeKit;

namespace Mizugiwa.Content.Headers;

/// <summary>
/// Replies diverted to a free mailbox at another domain than the From: advance-fee and phishing mail
/// sends from a throwaway or forged domain and collects the answers at a freemail address.
/// </summary>
public sealed class ReplyToAnalyzer : IContentAnalyzer
{
    public const string FreemailMismatch = "REPLYTO_FREEMAIL_MISMATCH";

    public string Name => "reply-to";

    public IReadOnlyCollection<string> Symbols => [FreemailMismatch];
    public ContentStage Stage => ContentStage.Analysis;

    public ValueTask AnalyzeAsync(ContentMessage message, ContentReport report, CancellationToken cancellationToken)
    {
        var from = HeaderValues.All(message.Mime, HeaderId.From).FirstOrDefault();
        var replyTo = HeaderValues.All(message.Mime, HeaderId.ReplyTo).FirstOrDefault();
        if (from is null || replyTo is null) return ValueTask.CompletedTask;
        var fromDomains = (HeaderValues.Mailboxes(from) ?? []).Select(m => HeaderValues.Domain(m.Address)).OfType<string>().ToHashSet();
        if (fromDomains.Count == 0) return ValueTask.CompletedTask;
        foreach (var mailbox in HeaderValues.Mailboxes(replyTo) ?? [])
        {
            var domain = HeaderValues.Domain(mailbox.Address);
            if (domain is null || fromDomains.Contains(domain) || !FreemailDomains.Contains(domain)) continue;
            report.Add(FreemailMismatch, 1.5, $"{domain} vs {string.Join(",", fromDomains)}");
            break;
        }
        return ValueTask.CompletedTask;
    }
}
