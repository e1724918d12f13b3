namespace Mizugiwa.Content.Urls;

/// <summary>The registered (registrable) domain of a host name, e.g. "example.co.jp" for "www.example.co.jp".</summary>
public interface IRegistrableDomain
{
    /// <summary>The registered domain of a normalised host name; the host itself when it has no more labels than a suffix.</summary>
    string Of(string host);
}

/// <summary>
/// A naive stand-in for a Public Suffix List: the last two labels, or the last three when the
/// second-to-last is a common second-level label (co.jp, com.au, ...). Replace with a PSL matcher.
/// </summary>
public sealed class LastLabelsRegistrableDomain : IRegistrableDomain
{
    public static readonly LastLabelsRegistrableDomain Instance = new();

    private static readonly HashSet<string> SecondLevels = new(StringComparer.Ordinal)
    {
        "co", "com", "net", "org", "ac", "ad", "ed", "go", "gr", "lg", "ne", "or", "gov", "edu",
    };

    public string Of(string host)
    {
        var labels = host.Split('.');
        if (labels.Length <= 2) return host;
        var take = labels[^1].Length == 2 && SecondLevels.Contains(labels[^2]) ? 3 : 2;
        return string.Join('.', labels[^take..]);
    }
}
