using System.Text.RegularExpressions;

namespace Mizugiwa.Content.Spf;

/// <summary>Which names check_host() and the mechanisms may look up (RFC 7208 §4.3).</summary>
public static partial class SpfDomainNames
{
    /// <summary>
    /// A domain check_host() will evaluate (§4.3): a valid name whose last label is a toplabel, so
    /// address literals ("[192.0.2.1]") and numbers are not looked up.
    /// </summary>
    public static bool IsCheckable(string name) =>
        IsValid(name) && IsTopLabel(name[(name.LastIndexOf('.') + 1)..]);

    /// <summary>toplabel (§7.1): alphanumeric with a letter, or letters, digits and inner hyphens.</summary>
    public static bool IsTopLabel(string label) => TopLabel().IsMatch(label);

    /// <summary>
    /// A name a query can be made of: multi-label, at most 253 characters, labels of 1 to 63 characters
    /// without control characters. Other octets are legal in DNS labels (macros can produce "%" or spaces).
    /// </summary>
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
                if (c < ' ' || c == '\x7f') return false;
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

    // toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
    [GeneratedRegex("^(?:[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*|[A-Za-z0-9]+-[A-Za-z0-9-]*[A-Za-z0-9])\\z")]
    private static partial Regex TopLabel();
}
