using System.Globalization;
using MimeKit;

namespace Mizugiwa.Content.Mime;

/// <summary>
/// Anomalies of the MIME tree: a message that does not start with a header field, a tree that hit the walk's depth or part limit (nesting bombs), a
/// message that is HTML only, a multipart/alternative whose plain and HTML versions say different
/// things (the plain one written for filters, the HTML one for people), and an attachment with no
/// words around it.
/// </summary>
public sealed class MimeStructureAnalyzer : IContentAnalyzer
{
    public const string DepthLimit = "MIME_DEPTH_LIMIT";
    public const string PartLimit = "MIME_PART_LIMIT";
    public const string HtmlOnly = "MIME_HTML_ONLY";
    public const string AlternativeMismatch = "MIME_ALTERNATIVE_MISMATCH";
    public const string EmptyBodyWithAttachment = "MIME_EMPTY_BODY_ATTACHMENT";
    public const string Base64Text = "MIME_BASE64_TEXT";
    public const string HeadersUnreadable = "MIME_HEADERS_UNREADABLE";

    /// <summary>Base64 text shorter than this is not judged (a signature or a one-line note).</summary>
    private const int MinBase64TextLength = 40;

    private const int MinWordsToCompare = 10;
    private const double MinSharedWords = 0.2;

    public string Name => "mime-structure";

    public IReadOnlyCollection<string> Symbols => [DepthLimit, PartLimit, HtmlOnly, AlternativeMismatch, EmptyBodyWithAttachment, Base64Text, HeadersUnreadable];
    public ContentStage Stage => ContentStage.Analysis;

    public ValueTask AnalyzeAsync(ContentMessage message, ContentReport report, CancellationToken cancellationToken)
    {
        var parts = message.Parts;
        if (message.HeadersUnreadable) report.Add(HeadersUnreadable, 1.0);
        if (parts.DepthLimitReached) report.Add(DepthLimit, 2.0);
        if (parts.PartLimitReached) report.Add(PartLimit, 2.0);
        if (parts.Texts.Count > 0 && parts.Texts.All(t => t.Html is not null)) report.Add(HtmlOnly, 0.5);
        if (parts.Attachments.Count > 0 && parts.Texts.All(t => string.IsNullOrWhiteSpace(t.Text)))
            report.Add(EmptyBodyWithAttachment, 1.0);
        var mismatch = Alternatives(message.Mime.Body, 1, MimeLimits.Default.MaxDepth)
            .Select(a => Overlap(parts, a)).FirstOrDefault(o => o < MinSharedWords, double.NaN);
        if (!double.IsNaN(mismatch)) report.Add(AlternativeMismatch, 1.5, $"{mismatch:P0} shared");
        if (parts.Texts.FirstOrDefault(IsAsciiInBase64) is { } encoded)
            report.Add(Base64Text, 1.0, encoded.Part.ContentType.MimeType.ToLowerInvariant());
        return ValueTask.CompletedTask;
    }

    private static IEnumerable<Multipart> Alternatives(MimeEntity? entity, int depth, int maxDepth)
    {
        if (entity is not Multipart multipart || depth > maxDepth) yield break;
        if (multipart.ContentType.IsMimeType("multipart", "alternative")) yield return multipart;
        foreach (var child in multipart)
            foreach (var nested in Alternatives(child, depth + 1, maxDepth))
                yield return nested;
    }

    private static IEnumerable<MimeEntity> Descendants(Multipart multipart, int depthLeft)
    {
        foreach (var child in multipart)
        {
            yield return child;
            if (child is Multipart nested && depthLeft > 0)
                foreach (var entity in Descendants(nested, depthLeft - 1)) yield return entity;
        }
    }

    /// <summary>
    /// Plain ASCII text needs no base64 (RFC 2045 6.8 is for binary data; text goes as 7bit or
    /// quoted-printable): bulk tools encode it to hide the words from simple filters.
    /// </summary>
    private static bool IsAsciiInBase64(TextSection section) =>
        section.Part.ContentTransferEncoding == ContentEncoding.Base64
        && section.Text.Length >= MinBase64TextLength
        && section.Text.All(c => c < 0x80);

    /// <summary>The share of the smaller version's words found in the other, or 1 when there is too little to compare.</summary>
    private static double Overlap(MessageParts parts, Multipart alternative)
    {
        // The HTML version often sits in a multipart/related with its images: look below the children too.
        var below = new HashSet<MimeEntity>(Descendants(alternative, MimeLimits.Default.MaxDepth));
        var sections = parts.Texts.Where(t => below.Contains(t.Part)).ToList();
        var plain = sections.FirstOrDefault(t => t.Html is null);
        var html = sections.FirstOrDefault(t => t.Html is not null);
        if (plain is null || html is null) return 1;
        var plainWords = Words(plain.Text);
        var htmlWords = Words(html.Text);
        var smaller = Math.Min(plainWords.Count, htmlWords.Count);
        if (smaller < MinWordsToCompare) return 1;
        return (double)plainWords.Intersect(htmlWords).Count() / smaller;
    }

    // Latin words of three letters or more; each CJK character is a word of its own (no spaces there).
    private static HashSet<string> Words(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var current = new System.Text.StringBuilder();
        foreach (var c in text)
        {
            if (IsCjk(c))
            {
                Flush();
                words.Add(c.ToString());
            }
            else if (char.IsLetterOrDigit(c)) current.Append(char.ToLowerInvariant(c));
            else Flush();
        }
        Flush();
        return words;

        void Flush()
        {
            if (current.Length >= 3) words.Add(current.ToString());
            current.Clear();
        }
    }

    private static bool IsCjk(char c) =>
        char.GetUnicodeCategory(c) == UnicodeCategory.OtherLetter && c >= '\u3040';
}
