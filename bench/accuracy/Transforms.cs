using System.Globalization;

/// <summary>
/// Tokenizer changes tried as rewrites of the tokenizer's own output (`--experiments`, VARIANTS=t:NAME):
/// each replaces a message's token set, so a family can be left out or a word rule changed without a
/// second tokenizer.
/// </summary>
internal static class Transforms
{
    public static readonly IReadOnlyList<(string Name, Func<IReadOnlyCollection<string>, IEnumerable<string>> Rewrite)> All =
    [
        ("no-structure", t => t.Where(x => !x.StartsWith("ct:", StringComparison.Ordinal) && !x.StartsWith("part:", StringComparison.Ordinal) && !x.StartsWith("charset:", StringComparison.Ordinal))),
        ("no-x-mailer", t => t.Where(x => !x.StartsWith("x-mailer:", StringComparison.Ordinal))),
        ("no-from-domain", t => t.Where(x => !x.StartsWith("from:domain:", StringComparison.Ordinal))),
        ("no-from-name", t => t.Where(x => !x.StartsWith("from:name:", StringComparison.Ordinal))),
        ("no-url", t => t.Where(x => !x.StartsWith("url:", StringComparison.Ordinal))),
        ("no-subject", t => t.Where(x => !x.StartsWith("subject:", StringComparison.Ordinal))),
        ("split-punct-add", t => t.Concat(t.SelectMany(Split))),
        ("split-punct", t => t.SelectMany(x => Split(x) is { Count: > 0 } parts ? parts : [x])),
        ("max12", t => t.Select(x => Long(x, 12))),
        ("max20", t => t.Select(x => Long(x, 20))),
        ("numbers", t => t.Select(Number)),
    ];

    private static readonly char[] Inner = ['.', ':', '/', '-', '_', '@', '\'', '?', '&', '#', '+'];
    private static readonly System.Buffers.SearchValues<char> InnerValues = System.Buffers.SearchValues.Create(Inner);

    private static (string Prefix, string Word) Parts(string token)
    {
        foreach (var p in new[] { "subject:", "from:name:" })
            if (token.StartsWith(p, StringComparison.Ordinal)) return (p, token[p.Length..]);
        return token.Contains(':', StringComparison.Ordinal) && !token.StartsWith("http", StringComparison.Ordinal) && token.IndexOf(':') < token.Length - 1 && IsFamily(token) ? (token, "") : ("", token);
    }

    private static bool IsFamily(string token) =>
        token.StartsWith("url:", StringComparison.Ordinal) || token.StartsWith("ct:", StringComparison.Ordinal) || token.StartsWith("part:", StringComparison.Ordinal)
        || token.StartsWith("charset:", StringComparison.Ordinal) || token.StartsWith("x-mailer:", StringComparison.Ordinal) || token.StartsWith("from:", StringComparison.Ordinal)
        || token.StartsWith("attach:", StringComparison.Ordinal) || token.StartsWith("skip:", StringComparison.Ordinal);

    /// <summary>The pieces of a word joined by inner punctuation ("mr.eduado" → "mr", "eduado"), 3+ characters each.</summary>
    private static List<string> Split(string token)
    {
        var (prefix, word) = Parts(token);
        if (word.Length == 0 || word.AsSpan().IndexOfAny(InnerValues) < 0) return [];
        return [.. word.Split(Inner, StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim('!', '%', '$')).Where(w => w.Length >= 3).Select(w => prefix + w)];
    }

    private static string Long(string token, int max)
    {
        var (prefix, word) = Parts(token);
        if (word.Length <= max) return token;
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}skip:{word[0]}:{word.Length / 10 * 10}");
    }

    private static string Number(string token)
    {
        var (prefix, word) = Parts(token);
        if (word.Length == 0 || !word.All(char.IsAsciiDigit)) return token;
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}num:{word.Length}");
    }
}
