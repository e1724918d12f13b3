namespace Mizugiwa.Content.Dmarc;

/// <summary>Domain names compared the way DNS does: lower-case A-labels, no trailing dot.</summary>
internal static class DomainLabels
{
    /// <summary>
    /// The labels of <paramref name="domain"/> lower-cased, IDN labels turned into "xn--" A-labels;
    /// null when it is not a usable name (empty, an empty label, a leading dot).
    /// </summary>
    public static string[]? ToAsciiLabels(string? domain)
    {
        if (string.IsNullOrEmpty(domain)) return null;
        if (domain.EndsWith('.')) domain = domain[..^1];
        var labels = domain.Split('.');
        for (var i = 0; i < labels.Length; i++)
        {
            var label = labels[i];
            if (label.Length == 0) return null;
            labels[i] = IsAscii(label) ? label.ToLowerInvariant() : "xn--" + Punycode.Encode(label.ToLowerInvariant());
        }
        return labels;
    }

    /// <summary>The whole name as lower-case A-labels, or null (see <see cref="ToAsciiLabels"/>).</summary>
    public static string? ToAscii(string? domain) =>
        ToAsciiLabels(domain) is { } labels ? string.Join('.', labels) : null;

    private static bool IsAscii(string label)
    {
        foreach (var c in label)
        {
            if (c >= 0x80) return false;
        }
        return true;
    }
}
