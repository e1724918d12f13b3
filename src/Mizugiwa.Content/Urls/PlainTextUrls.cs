using System.Text.RegularExpressions;

namespace Mizugiwa.Content.Urls;

/// <summary>
/// Finds URLs in plain text: http, https and ftp URLs, and bare "www.host.tld" forms (read as http).
/// Trailing sentence punctuation and an unbalanced closing bracket are not part of the URL.
/// </summary>
public static partial class PlainTextUrls
{
    [GeneratedRegex(@"(?<![\p{L}\p{N}_@./-])(?:(?:https?|ftp)://[^\s<>""'`{}|^\[\]]+|www\.[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+(?::\d{1,5})?(?:[/?#][^\s<>""'`{}|^\[\]]*)?)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex UrlPattern();

    /// <summary>The URLs as written ("www." forms without a scheme), at most <paramref name="max"/>.</summary>
    public static IEnumerable<string> Find(string text, int max = int.MaxValue)
    {
        var found = 0;
        Match match;
        try
        {
            match = UrlPattern().Match(text);
        }
        catch (RegexMatchTimeoutException)
        {
            yield break;
        }
        while (match.Success && found < max)
        {
            var url = TrimEnd(match.Value);
            if (url.Length > 0)
            {
                found++;
                yield return url;
            }
            try
            {
                match = match.NextMatch();
            }
            catch (RegexMatchTimeoutException)
            {
                yield break;
            }
        }
    }

    private static string TrimEnd(string url)
    {
        while (url.Length > 0)
        {
            var last = url[^1];
            if (last is '.' or ',' or ';' or ':' or '!' or '?' or '\'' or '"' or '*') url = url[..^1];
            else if (last == ')' && url.Count(c => c == '(') < url.Count(c => c == ')')) url = url[..^1];
            else break;
        }
        return url;
    }
}
