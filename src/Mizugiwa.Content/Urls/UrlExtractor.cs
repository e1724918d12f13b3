namespace Mizugiwa.Content.Urls;

/// <summary>
/// Finds the URLs of a message's text parts: in plain text (and the text of HTML parts) the written
/// URLs, in HTML sources the href/src/action attributes with their link text. Relative and
/// non-http(s)/ftp URLs (mailto:, cid:, javascript:) are skipped. The public entry point for URI rules.
/// </summary>
public static class UrlExtractor
{
    public const int DefaultMaxUrls = 1000;

    /// <summary>The URLs of a message's text parts (at most <see cref="DefaultMaxUrls"/>), extracted once per message.</summary>
    public static IReadOnlyList<UrlFinding> Extract(ContentMessage message) => message.Urls ??= Extract(message.Parts);

    public static IReadOnlyList<UrlFinding> Extract(MessageParts parts, int maxUrls = DefaultMaxUrls)
    {
        var findings = new List<UrlFinding>();
        foreach (var section in parts.Texts)
        {
            if (findings.Count >= maxUrls) break;
            if (section.Html is not null) findings.AddRange(FromHtml(section.Html, maxUrls - findings.Count));
            findings.AddRange(FromText(section.Text, maxUrls - findings.Count));
        }
        return findings;
    }

    public static IReadOnlyList<UrlFinding> FromText(string text, int maxUrls = DefaultMaxUrls)
    {
        var findings = new List<UrlFinding>();
        foreach (var url in PlainTextUrls.Find(text, maxUrls))
        {
            if (UrlNormalizer.TryNormalize(url) is { } finding) findings.Add(finding);
        }
        return findings;
    }

    public static IReadOnlyList<UrlFinding> FromHtml(string html, int maxUrls = DefaultMaxUrls)
    {
        var findings = new List<UrlFinding>();
        foreach (var link in HtmlUrls.Find(html, maxUrls))
        {
            if (UrlNormalizer.TryNormalize(link.Value, link.LinkText) is { } finding) findings.Add(finding);
        }
        return findings;
    }
}
