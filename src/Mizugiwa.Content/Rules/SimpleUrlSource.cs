using System.Text.RegularExpressions;

namespace Mizugiwa.Content.Rules;

/// <summary>
/// URLs found by pattern: http(s) and www. addresses written in the text of every part, and the
/// href of every HTML link. No normalisation beyond that.
/// </summary>
public sealed partial class SimpleUrlSource : IUrlSource
{
    public static readonly SimpleUrlSource Instance = new();

    public IEnumerable<string> Urls(ContentMessage message)
    {
        var urls = new HashSet<string>(StringComparer.Ordinal);
        foreach (var section in message.Parts.Texts)
        {
            foreach (Match m in InText().Matches(section.Text)) urls.Add(Complete(m.Value.TrimEnd('.', ',', ';', ':', '!', '?')));
            if (section.Html is null) continue;
            foreach (Match m in Href().Matches(section.Html)) urls.Add(System.Net.WebUtility.HtmlDecode(m.Groups["url"].Value.Trim()));
        }
        return urls;
    }

    private static string Complete(string url) => url.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? "http://" + url : url;

    [GeneratedRegex(@"\b(?:https?://|www\.)[^\s<>""'()\[\]{}]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex InText();

    [GeneratedRegex(@"\bhref\s*=\s*(?:""(?<url>[^""]*)""|'(?<url>[^']*)'|(?<url>[^\s>]+))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Href();
}
