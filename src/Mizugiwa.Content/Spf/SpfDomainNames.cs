namespace Mizugiwa.Content.Spf;

/// <summary>Which names check_host() and the mechanisms may look up (RFC 7208 §4.3).</summary>
public static class SpfDomainNames
{
    /// <summary>A multi-label name of at most 253 characters whose labels are 1 to 63 visible ASCII characters.</summary>
    public static bool IsValid(string name)
    {
        if (name.Length is 0 or > SpfMacroExpander.MaxDomainLength) return false;
        var labels = name.Split('.');
        if (labels.Length < 2) return false;
        foreach (var label in labels)
        {
            if (label.Length is 0 or > 63) return false;
            foreach (var c in label)
            {
                if (c is <= ' ' or > '~') return false;
            }
        }
        return true;
    }

    /// <summary>Lower-case, without the trailing dot.</summary>
    public static string Normalize(string name) => (name.EndsWith('.') ? name[..^1] : name).ToLowerInvariant();

    /// <summary>Whether <paramref name="name"/> is <paramref name="domain"/> or below it.</summary>
    public static bool IsAtOrBelow(string name, string domain) =>
        name.Equals(domain, StringComparison.OrdinalIgnoreCase)
        || name.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase);
}
