using MimeKit;
using Mizugiwa.Content.Urls;

namespace Mizugiwa.Content.Headers;

/// <summary>
/// A bulk sender that stands behind its mail the way RFC 8058 asks: an https one-click unsubscribe
/// (List-Unsubscribe with an https URI and List-Unsubscribe-Post: List-Unsubscribe=One-Click), both fields
/// covered by a passing DKIM signature of the From's organisational domain, and DMARC passing. Large
/// mailbox providers require this of bulk senders, so wanted newsletters carry it and mail from throwaway
/// or forged senders cannot. It proves who sent the mail, not that it is wanted: a moderate negative score.
/// Not measurable on the SpamAssassin corpus (2002 mail has no DKIM); see docs/CONTENT.md.
/// </summary>
public sealed class OneClickUnsubscribeAnalyzer(IRegistrableDomain domains) : IContentAnalyzer
{
    public const string Symbol = "SIGNED_ONE_CLICK_UNSUBSCRIBE";
    public const double DefaultScore = -1.0;
    private const string OneClick = "List-Unsubscribe=One-Click";

    public string Name => "one-click-unsubscribe";

    public IReadOnlyCollection<string> Symbols => [Symbol];
    public ContentStage Stage => ContentStage.Analysis;

    public ValueTask AnalyzeAsync(ContentMessage message, ContentReport report, CancellationToken cancellationToken)
    {
        if (report.Dmarc is not { Result: "pass" } dmarc) return ValueTask.CompletedTask;
        if (!HasOneClickFields(message.Mime)) return ValueTask.CompletedTask;
        var organisation = domains.Of(dmarc.FromDomain.ToLowerInvariant());
        var signer = report.Dkim.FirstOrDefault(v => v.Result == "pass" && domains.Of(v.Domain.ToLowerInvariant()) == organisation
            && v.Signs("List-Unsubscribe") && v.Signs("List-Unsubscribe-Post"));
        if (signer is not null) report.Add(Symbol, DefaultScore, $"signed by {signer.Domain}");
        return ValueTask.CompletedTask;
    }

    private static bool HasOneClickFields(MimeMessage mime)
    {
        var posts = HeaderValues.All(mime, HeaderId.ListUnsubscribePost).Select(HeaderValues.Raw).ToList();
        var unsubscribes = HeaderValues.All(mime, HeaderId.ListUnsubscribe).Select(HeaderValues.Raw).ToList();
        return posts is [var post] && post.Equals(OneClick, StringComparison.OrdinalIgnoreCase)
            && unsubscribes is [var unsubscribe] && unsubscribe.Contains("<https://", StringComparison.OrdinalIgnoreCase);
    }
}
