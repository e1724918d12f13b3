using System.Text;
using MimeKit.Text;

namespace Mizugiwa.Content.Mime;

/// <summary>
/// Turns HTML into the text a reader sees: character data with entities decoded, a line break for
/// block elements, nothing from script, style or comments.
/// </summary>
public static class HtmlText
{
    private static readonly HashSet<string> Hidden = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "head", "title" };
    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "pre", "hr", "td", "th",
    };

    public static string Convert(string html)
    {
        var text = new StringBuilder(html.Length / 2);
        var tokenizer = new HtmlTokenizer(new StringReader(html));
        var hiddenDepth = 0;
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlTagToken tag when Hidden.Contains(tag.Name):
                    if (tag.IsEndTag) hiddenDepth = Math.Max(0, hiddenDepth - 1);
                    else if (!tag.IsEmptyElement) hiddenDepth++;
                    break;
                case HtmlTagToken tag when Blocks.Contains(tag.Name):
                    text.Append(tag.Name is "td" or "th" ? ' ' : '\n');
                    break;
                case HtmlDataToken data when hiddenDepth == 0:
                    text.Append(data.Data);
                    break;
            }
        }
        return text.ToString();
    }
}
