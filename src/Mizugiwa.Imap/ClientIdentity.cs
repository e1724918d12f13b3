using System.Text;

namespace Mizugiwa.Imap;

/// <summary>
/// What a client says of itself with ID (RFC 2971): NIL or a list of field-value pairs, held to the RFC's
/// limits (at most 30 pairs, field names of at most 30 octets, values of at most 1024), so nothing
/// unbounded is kept or logged. The server acts on none of it; it is only logged.
/// </summary>
internal sealed class ClientIdentity
{
    public const int MaxPairs = 30;
    public const int MaxFieldOctets = 30;
    public const int MaxValueOctets = 1024;
    private const int MaxLoggedChars = 64;

    private readonly Dictionary<string, string?> _fields = new(StringComparer.OrdinalIgnoreCase);

    public int Count => _fields.Count;

    public string? this[string field] => _fields.GetValueOrDefault(field);

    /// <summary>The argument of ID: <c>NIL</c> or <c>("field" "value" …)</c> with NIL allowed for a value.</summary>
    public static ClientIdentity Parse(ImapParser parser)
    {
        var identity = new ClientIdentity();
        if (parser.Peek is (byte)'N' or (byte)'n')
        {
            if (!parser.Atom("NIL").Equals("NIL", StringComparison.OrdinalIgnoreCase)) throw new ImapSyntaxException("ID takes NIL or a parenthesised list of field-value pairs");
            return identity;
        }
        parser.Expect('(', "NIL or a parenthesised list of field-value pairs after ID");
        int pairs = 0;
        while (!parser.TryTake(')'))
        {
            if (pairs > 0) parser.Space();
            if (++pairs > MaxPairs) throw new ImapSyntaxException($"ID takes at most {MaxPairs} field-value pairs");
            var field = parser.StringBytes("an ID field name");
            if (field.Length > MaxFieldOctets) throw new ImapSyntaxException($"ID field names are at most {MaxFieldOctets} octets");
            if (parser.AtEnd || parser.Peek == ')') throw new ImapSyntaxException("ID takes field-value pairs, not an odd number of strings");
            parser.Space();
            var value = NStringBytes(parser);
            if (value?.Length > MaxValueOctets) throw new ImapSyntaxException($"ID values are at most {MaxValueOctets} octets");
            identity._fields.TryAdd(Encoding.UTF8.GetString(field), value is null ? null : Encoding.UTF8.GetString(value));
        }
        return identity;
    }

    private static byte[]? NStringBytes(ImapParser parser)
    {
        if (parser.Peek is (byte)'"' or (byte)'{') return parser.StringBytes("an ID value");
        if (parser.AtEnd || !parser.Atom("an ID value").Equals("NIL", StringComparison.OrdinalIgnoreCase))
            throw new ImapSyntaxException("an ID value must be a string or NIL");
        return null;
    }

    /// <summary>A value fit for a log line: no control characters or quotes, at most 64 characters.</summary>
    public static string ForLog(string? value)
    {
        if (value is null) return "";
        var text = new StringBuilder(Math.Min(value.Length, MaxLoggedChars + 1));
        foreach (var c in value)
        {
            if (text.Length == MaxLoggedChars) return text.Append('…').ToString();
            text.Append(char.IsControl(c) || c is '"' or '\\' || char.IsSurrogate(c) ? '?' : c);
        }
        return text.ToString();
    }
}
