namespace Mizugiwa.Policy.Greylist;

/// <summary>
/// The organisational-ish domain of a client's PTR name: its last two labels, or three when the
/// second-level label is a registry's generic one under a country code (co.jp, ne.jp, co.uk, com.au…).
/// Not the Public Suffix List; close enough to tell one sender's pool from another's.
/// </summary>
internal static class PoolDomain
{
    /// <summary>Second-level labels that country registries hand out below themselves.</summary>
    private static readonly HashSet<string> GenericSecondLevel = new(StringComparer.Ordinal)
    {
        "ac", "ad", "co", "com", "ed", "edu", "go", "gov", "gr", "lg", "ltd", "me", "ne", "net", "or", "org", "plc",
    };

    /// <summary>The domain, or null when the name is not a usable host name (none, "unknown", one label, an address literal).</summary>
    public static string? Of(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        var host = name.Trim().TrimEnd('.').ToLowerInvariant();
        if (host == "unknown" || host.StartsWith('[') || host.Contains(':')) return null;
        var labels = host.Split('.');
        if (labels.Length < 2 || labels.Any(l => l.Length == 0)) return null;
        if (labels[^1].All(char.IsAsciiDigit)) return null;
        int take = labels.Length >= 3 && labels[^1].Length == 2 && GenericSecondLevel.Contains(labels[^2]) ? 3 : 2;
        return string.Join('.', labels[^take..]);
    }
}
