namespace Mizugiwa.Content.Urls;

/// <summary>
/// A local list of domains, one per line, '#' starting a comment. A host is listed when it or one
/// of its parent domains is on the list (so "example.com" lists "www.example.com").
/// </summary>
public sealed class LocalDomainList
{
    private readonly HashSet<string> _domains;

    public LocalDomainList(IEnumerable<string> lines)
    {
        _domains = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var hash = line.IndexOf('#');
            var text = (hash < 0 ? line : line[..hash]).Trim();
            if (text.Length == 0) continue;
            var host = UrlNormalizer.NormalizeHost(text, out _, out _);
            if (host is not null) _domains.Add(host);
        }
    }

    public static LocalDomainList Load(string path) => new(File.ReadLines(path));

    public int Count => _domains.Count;

    /// <summary>The listed domain that covers <paramref name="host"/>, or null.</summary>
    public string? Match(string host)
    {
        var candidate = host;
        while (true)
        {
            if (_domains.Contains(candidate)) return candidate;
            var dot = candidate.IndexOf('.');
            if (dot < 0) return null;
            candidate = candidate[(dot + 1)..];
        }
    }
}
