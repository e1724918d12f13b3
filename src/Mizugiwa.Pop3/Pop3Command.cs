namespace Mizugiwa.Pop3;

/// <summary>One command: the keyword (upper case) and its arguments, split at single spaces (RFC 1939 §3).</summary>
internal readonly record struct Pop3Command(string Keyword, string[] Arguments)
{
    public static Pop3Command Parse(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 0 ? new("", []) : new(parts[0].ToUpperInvariant(), parts[1..]);
    }

    /// <summary>The text after the keyword as sent (PASS may contain spaces, RFC 1939 §7).</summary>
    public static string Rest(string line)
    {
        var space = line.IndexOf(' ');
        return space < 0 ? "" : line[(space + 1)..];
    }
}
