using Microsoft.Extensions.Logging;

namespace Mizugiwa.Content.Dmarc;

/// <summary>
/// The Public Suffix List (https://publicsuffix.org/list/ format): normal rules, wildcard rules ("*.kobe.jp")
/// and exception rules ("!city.kobe.jp"), from the ICANN section and, unless left out, the private section.
/// Rules and names are compared as lower-case A-labels. Without a list file, <see cref="Fallback"/> treats
/// every last label as the public suffix (the organisational domain is then the last two labels).
/// </summary>
public sealed class PublicSuffixList
{
    /// <summary>Debian's package publicsuffix installs the list here.</summary>
    public const string DebianPath = "/usr/share/publicsuffix/public_suffix_list.dat";

    private const string PrivateSectionStart = "===BEGIN PRIVATE DOMAINS===";

    private readonly HashSet<string> _rules;
    private readonly HashSet<string> _wildcardParents;
    private readonly HashSet<string> _exceptions;

    private PublicSuffixList(HashSet<string> rules, HashSet<string> wildcardParents, HashSet<string> exceptions, bool isFallback)
    {
        _rules = rules;
        _wildcardParents = wildcardParents;
        _exceptions = exceptions;
        IsFallback = isFallback;
    }

    /// <summary>No list at all: only the implicit "*" rule, so the organisational domain is the last two labels.</summary>
    public static PublicSuffixList Fallback { get; } = new([], [], [], isFallback: true);

    /// <summary>True when this is <see cref="Fallback"/> (the list file was missing or unreadable).</summary>
    public bool IsFallback { get; }

    /// <summary>How many rules were read (normal, wildcard and exception).</summary>
    public int RuleCount => _rules.Count + _wildcardParents.Count + _exceptions.Count;

    /// <summary>Reads the list; <paramref name="includePrivateDomains"/> false stops at the private section.</summary>
    public static PublicSuffixList Parse(TextReader reader, bool includePrivateDomains = true)
    {
        HashSet<string> rules = new(StringComparer.Ordinal), wildcards = new(StringComparer.Ordinal), exceptions = new(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            line = line.Trim();
            if (line.StartsWith("//", StringComparison.Ordinal))
            {
                if (!includePrivateDomains && line.Contains(PrivateSectionStart, StringComparison.Ordinal)) break;
                continue;
            }
            // A rule is the line up to its first whitespace.
            var end = line.IndexOfAny([' ', '\t']);
            var rule = end < 0 ? line : line[..end];
            if (rule.Length == 0) continue;

            if (rule.StartsWith('!'))
            {
                if (DomainLabels.ToAscii(rule[1..]) is { } exception) exceptions.Add(exception);
            }
            else if (rule.StartsWith("*.", StringComparison.Ordinal))
            {
                if (DomainLabels.ToAscii(rule[2..]) is { } parent) wildcards.Add(parent);
            }
            else if (DomainLabels.ToAscii(rule) is { } normal)
            {
                rules.Add(normal);
            }
        }
        return new PublicSuffixList(rules, wildcards, exceptions, isFallback: false);
    }

    /// <summary>Reads the list file; throws when it cannot be read (see <see cref="LoadOrFallback"/>).</summary>
    public static PublicSuffixList Load(string path, bool includePrivateDomains = true)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8);
        return Parse(reader, includePrivateDomains);
    }

    /// <summary>Reads the list file, or logs a warning and answers <see cref="Fallback"/> when it is missing, unreadable or empty.</summary>
    public static PublicSuffixList LoadOrFallback(string path, bool includePrivateDomains = true, ILogger? logger = null)
    {
        string problem;
        try
        {
            var list = Load(path, includePrivateDomains);
            if (list.RuleCount > 0) return list;
            problem = "it holds no rules";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problem = e.Message;
        }
        logger?.LogWarning("Public Suffix List {Path} cannot be used ({Problem}); DMARC organisational domains fall back to the last two labels", path, problem);
        return Fallback;
    }

    /// <summary>
    /// The registrable domain (public suffix plus one label) in the form given, lower-cased; null when
    /// the name is itself a public suffix or is not a usable name (empty, leading dot, empty label).
    /// </summary>
    public string? GetRegistrableDomain(string? domain)
    {
        var ascii = DomainLabels.ToAsciiLabels(domain);
        if (ascii is null || domain!.StartsWith('.')) return null;
        var suffixLabels = PublicSuffixLabelCount(ascii);
        if (ascii.Length <= suffixLabels) return null;
        var given = domain.TrimEnd('.').ToLowerInvariant().Split('.');
        return string.Join('.', given[^(suffixLabels + 1)..]);
    }

    /// <summary>
    /// The Organizational Domain of RFC 7489 §3.2 as lower-case A-labels: the registrable domain, or the
    /// name itself when it is a public suffix; null when it is not a usable name.
    /// </summary>
    public string? OrganisationalDomain(string domain)
    {
        var ascii = DomainLabels.ToAsciiLabels(domain);
        if (ascii is null) return null;
        var keep = Math.Min(ascii.Length, PublicSuffixLabelCount(ascii) + 1);
        return string.Join('.', ascii[^keep..]);
    }

    /// <summary>How many rightmost labels form the public suffix (the prevailing rule of the PSL algorithm).</summary>
    private int PublicSuffixLabelCount(string[] labels)
    {
        // An exception rule wins over every other rule; its public suffix is the rule minus its leftmost label.
        for (var k = labels.Length; k >= 1; k--)
        {
            if (_exceptions.Contains(Suffix(labels, k))) return k - 1;
        }
        var longest = 1; // the implicit "*" rule
        for (var k = 1; k <= labels.Length; k++)
        {
            if (_rules.Contains(Suffix(labels, k))) longest = k;
            else if (k >= 2 && _wildcardParents.Contains(Suffix(labels, k - 1))) longest = k;
        }
        return longest;
    }

    private static string Suffix(string[] labels, int count) => string.Join('.', labels[^count..]);
}
