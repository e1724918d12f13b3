using System.Text.RegularExpressions;

namespace Mizugiwa.Content.Urls;

/// <summary>The host a link's visible text names: a URL or "www." form in it, or the whole text when it reads as a domain name.</summary>
public static partial class LinkTextHost
{
    [GeneratedRegex(@"^(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+\p{L}{2,63}\.?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DomainName();

    public static string? Find(string? linkText)
    {
        if (string.IsNullOrWhiteSpace(linkText)) return null;
        var url = PlainTextUrls.Find(linkText, 1).FirstOrDefault();
        if (url is not null) return UrlNormalizer.TryNormalize(url)?.Host;
        var text = linkText.Trim().TrimEnd('/');
        try
        {
            return DomainName().IsMatch(text) ? UrlNormalizer.NormalizeHost(text, out _, out _) : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }
}
