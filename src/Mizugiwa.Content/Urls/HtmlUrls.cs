using System.Text;
using MimeKit.Text;

namespace Mizugiwa.Content.Urls;

/// <summary>
/// Finds the URLs of an HTML source: href of a and area, src of img, action of form (attribute
/// values with character references decoded by the tokenizer), with the visible text of a and area links.
/// </summary>
public static class HtmlUrls
{
    /// <summary>One URL attribute: its value and, for a link, the text between its start and end tags.</summary>
    public sealed record HtmlUrl(string Value, string? LinkText);

    public static IReadOnlyList<HtmlUrl> Find(string html, int max = int.MaxValue)
    {
        var found = new List<HtmlUrl>();
        var tokenizer = new HtmlTokenizer(new StringReader(html));
        string? openHref = null;
        var linkText = new StringBuilder();
        while (found.Count < max && tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlTagToken { IsEndTag: true } end when end.Id == HtmlTagId.A && openHref is not null:
                    found.Add(new HtmlUrl(openHref, Collapse(linkText)));
                    openHref = null;
                    break;
                case HtmlTagToken { IsEndTag: false } tag:
                    if (tag.Id == HtmlTagId.A && openHref is not null)
                    {
                        found.Add(new HtmlUrl(openHref, Collapse(linkText))); // an <a> without </a>
                        openHref = null;
                    }
                    var name = UrlAttribute(tag.Id);
                    var value = name is null ? null : tag.Attributes.FirstOrDefault(a => a.Name.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value;
                    if (string.IsNullOrWhiteSpace(value)) break;
                    if (tag.Id == HtmlTagId.A && !tag.IsEmptyElement)
                    {
                        openHref = value.Trim();
                        linkText.Clear();
                    }
                    else
                    {
                        found.Add(new HtmlUrl(value.Trim(), tag.Id == HtmlTagId.Area ? tag.Attributes.FirstOrDefault(a => a.Id == HtmlAttributeId.Alt)?.Value : null));
                    }
                    break;
                case HtmlDataToken data when openHref is not null && linkText.Length < 1000:
                    linkText.Append(data.Data);
                    break;
            }
        }
        if (openHref is not null && found.Count < max) found.Add(new HtmlUrl(openHref, Collapse(linkText)));
        return found;
    }

    private static string? UrlAttribute(HtmlTagId tag) => tag switch
    {
        HtmlTagId.A or HtmlTagId.Area => "href",
        HtmlTagId.Image => "src",
        HtmlTagId.Form => "action",
        _ => null,
    };

    private static string? Collapse(StringBuilder text)
    {
        var collapsed = string.Join(' ', text.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return collapsed.Length == 0 ? null : collapsed;
    }
}
