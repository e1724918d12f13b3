namespace Mizugiwa.Smtp;

/// <summary>
/// The argument of MAIL FROM / RCPT TO: a path in angle brackets and ESMTP parameters
/// (RFC 5321 §4.1.2). A source route (&lt;@a,@b:user@c&gt;) is accepted and ignored, as §4.1.2 and
/// Appendix C require, so the route can never steer relaying.
/// </summary>
public sealed record PathArgument(string Path, IReadOnlyDictionary<string, string?> Parameters)
{
    /// <summary>Parses e.g. "FROM:&lt;a@b&gt; SIZE=10" given the keyword "FROM".</summary>
    public static PathArgument? TryParse(string argument, string keyword, out string? error)
    {
        error = null;
        if (!argument.StartsWith(keyword + ":", StringComparison.OrdinalIgnoreCase))
        {
            error = $"expected {keyword}:<address>";
            return null;
        }
        var rest = argument[(keyword.Length + 1)..].TrimStart(' ');
        string path;
        string parameters;
        if (rest.StartsWith('<'))
        {
            int close = FindClosingBracket(rest);
            if (close < 0) { error = "missing '>'"; return null; }
            path = rest[1..close];
            parameters = rest[(close + 1)..];
            if (parameters.Length > 0 && parameters[0] != ' ') { error = "text after '>'"; return null; }
        }
        else
        {
            // Tolerated like Postfix does: an address without angle brackets.
            int space = rest.IndexOf(' ');
            path = space < 0 ? rest : rest[..space];
            parameters = space < 0 ? "" : rest[space..];
        }
        path = StripSourceRoute(path, out var routeError);
        if (routeError is not null) { error = routeError; return null; }

        var dict = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in parameters.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=');
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? null : part[(eq + 1)..];
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                error = $"bad parameter '{part}'";
                return null;
            }
            if (!dict.TryAdd(name, value)) { error = $"parameter {name} given twice"; return null; }
        }
        return new PathArgument(path, dict);
    }

    private static int FindClosingBracket(string s)
    {
        bool quoted = false;
        for (int i = 1; i < s.Length; i++)
        {
            if (quoted && s[i] == '\\') { i++; continue; }
            if (s[i] == '"') quoted = !quoted;
            else if (!quoted && s[i] == '>') return i;
        }
        return -1;
    }

    private static string StripSourceRoute(string path, out string? error)
    {
        error = null;
        if (!path.StartsWith('@')) return path;
        int colon = path.IndexOf(':');
        if (colon < 0) { error = "bad source route"; return path; }
        foreach (var hop in path[..colon].Split(','))
        {
            if (hop.Length < 2 || hop[0] != '@' || !Core.SmtpAddress.IsDomainOrLiteral(hop[1..], allowUtf8: false))
            {
                error = "bad source route";
                return path;
            }
        }
        return path[(colon + 1)..];
    }
}
