using System.Net;
using System.Text.RegularExpressions;

namespace Mizugiwa.Content.Bayes;

/// <summary>
/// "url:HOST" and "url:PARENT" tokens for the hosts of the links in a text (http, https, ftp, or a bare
/// www. name). The parent is the registrable-looking domain: the last two labels, or three under a
/// two-letter country code whose second level is generic (example.co.jp).
/// </summary>
public static partial class UrlHostTokens
{
    private static readonly HashSet<string> GenericSecondLevels = new(StringComparer.Ordinal)
    {
        "co", "com", "ne", "net", "or", "org", "ac", "ad", "go", "gov", "ed", "edu", "gr", "lg", "mil", "ltd", "plc", "sch", "nhs",
    };

    [GeneratedRegex(@"(?:\b(?:https?|ftp)://(?:[^/\s""'<>@]*@)?|\bwww\.)([a-z0-9](?:[a-z0-9\-.]*[a-z0-9])?)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Link();

    public static void Add(string text, ISet<string> tokens)
    {
        foreach (Match match in Link().Matches(text))
        {
            var host = match.Groups[1].Value.ToLowerInvariant();
            if (match.Value.StartsWith("www.", StringComparison.OrdinalIgnoreCase)) host = "www." + host;
            AddHost(host, tokens);
        }
    }

    private static void AddHost(string host, ISet<string> tokens)
    {
        if (IPAddress.TryParse(host, out _))
        {
            tokens.Add("url:ip-literal");
            tokens.Add("url:" + host);
            return;
        }
        var labels = host.Split('.', StringSplitOptions.RemoveEmptyEntries);
        if (labels.Length < 2) return;
        tokens.Add("url:" + string.Join('.', labels));
        var parentLabels = labels[^1].Length == 2 && labels.Length >= 3 && GenericSecondLevels.Contains(labels[^2]) ? 3 : 2;
        if (labels.Length > parentLabels) tokens.Add("url:" + string.Join('.', labels[^parentLabels..]));
    }

    /// <summary>The parent domain of a host name by the same rule (used for the From domain too).</summary>
    public static string? Parent(string host)
    {
        var labels = host.Split('.', StringSplitOptions.RemoveEmptyEntries);
        var parentLabels = labels.Length >= 3 && labels[^1].Length == 2 && GenericSecondLevels.Contains(labels[^2]) ? 3 : 2;
        return labels.Length > parentLabels ? string.Join('.', labels[^parentLabels..]) : null;
    }
}
