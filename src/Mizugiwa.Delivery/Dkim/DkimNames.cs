using System.Globalization;

namespace Mizugiwa.Delivery.Dkim;

/// <summary>Checks and normalises the signing domain (d=) and selector (s=) names, which become file names too.</summary>
public static class DkimNames
{
    private static readonly IdnMapping Idn = new();

    /// <summary>The domain in lower-case ASCII (IDNA), without a trailing dot; throws <see cref="DkimKeyException"/> when it is not a host name.</summary>
    public static string NormalizeDomain(string domain)
    {
        var name = ToAscii(domain.Trim().TrimEnd('.'), "domain name");
        if (!name.Contains('.', StringComparison.Ordinal) || name.Length > 253 || !AllLabelsValid(name))
            throw new DkimKeyException($"'{domain}' is not a valid domain name");
        return name;
    }

    /// <summary>The selector in lower case; a selector is one or more DNS labels (RFC 6376 §3.1).</summary>
    public static string NormalizeSelector(string selector)
    {
        var name = ToAscii(selector.Trim(), "selector");
        if (name.Length == 0 || name.Length > 63 || !AllLabelsValid(name))
            throw new DkimKeyException($"'{selector}' is not a valid selector (letters, digits, '-' and '.' between labels)");
        return name;
    }

    /// <summary>The domain part of an address or a bare domain, normalised; null when it cannot be a domain.</summary>
    public static string? TryNormalizeDomain(string addressOrDomain)
    {
        var at = addressOrDomain.LastIndexOf('@');
        var domain = at >= 0 ? addressOrDomain[(at + 1)..] : addressOrDomain;
        try { return NormalizeDomain(domain.Trim('<', '>', ' ')); }
        catch (DkimKeyException) { return null; }
    }

    private static string ToAscii(string text, string what)
    {
        if (text.Length == 0) throw new DkimKeyException($"the {what} is empty");
        try { return Idn.GetAscii(text).ToLowerInvariant(); }
        catch (ArgumentException) { throw new DkimKeyException($"'{text}' is not a valid {what}"); }
    }

    private static bool AllLabelsValid(string name) => name.Split('.').All(ValidLabel);

    private static bool ValidLabel(string label) =>
        label.Length is > 0 and <= 63
        && label[0] != '-' && label[^1] != '-'
        && label.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
