namespace Mizugiwa.Content.Dkim;

/// <summary>
/// A DKIM tag=value list (RFC 6376 §3.2), used by DKIM-Signature, key records and ARC headers.
/// Tag names are case-sensitive; whitespace around names and values is dropped. A duplicate tag or a
/// tag-spec without "=" makes the whole list invalid.
/// </summary>
public sealed class DkimTagList
{
    private readonly Dictionary<string, string> _tags;

    private DkimTagList(Dictionary<string, string> tags) => _tags = tags;

    public string? this[string name] => _tags.TryGetValue(name, out var value) ? value : null;

    public bool Contains(string name) => _tags.ContainsKey(name);

    /// <summary>The value with every folding/white space removed (for b=, bh=, p=).</summary>
    public string? Compact(string name) => this[name] is { } value ? string.Concat(value.Where(c => !char.IsWhiteSpace(c))) : null;

    public static bool TryParse(string text, out DkimTagList tags)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        tags = new DkimTagList(result);
        var specs = text.Split(';');
        for (int i = 0; i < specs.Length; i++)
        {
            var spec = specs[i].Trim(' ', '\t', '\r', '\n');
            if (spec.Length == 0)
            {
                if (i == specs.Length - 1) break; // a trailing ";" is allowed
                return false;
            }
            var equals = spec.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) return false;
            var name = spec[..equals].TrimEnd(' ', '\t', '\r', '\n');
            if (!IsTagName(name) || !result.TryAdd(name, spec[(equals + 1)..].Trim(' ', '\t', '\r', '\n'))) return false;
        }
        return true;
    }

    private static bool IsTagName(string name) =>
        name.Length > 0 && char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
