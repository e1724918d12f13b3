using System.Text.RegularExpressions;

namespace Mizugiwa.Content.Bayes;

/// <summary>
/// The targets of an HTML part's links (href attributes), tokenized like text: a link a reader does not
/// see still names the spammer's site and page ("www.cheap-pills.example/order" → the whole word, "cheap",
/// "pills", "order"). Unprefixed on purpose: measured on the tuning half of the corpus folds
/// (docs/ACCURACY.md), link words prefixed apart from text words taught the dictionary that links mean
/// spam and lost wanted newsletters; mixed with the text words they did not.
/// </summary>
public static partial class HtmlLinkWords
{
    [GeneratedRegex(@"\bhref\s*=\s*[""']?([^""'\s>]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Href();

    public static void Add(string html, ISet<string> tokens)
    {
        foreach (Match match in Href().Matches(html)) TextTokens.Add(match.Groups[1].Value, "", tokens);
    }
}
