using System.Runtime.CompilerServices;
using System.Text;

namespace Mizugiwa.Content.Dkim;

/// <summary>One header field as received: its name and the whole field ("Name: value", folding kept as CRLF, no final CRLF).</summary>
public sealed record RawHeaderField(string Name, string Field)
{
    /// <summary>The text after the colon, unchanged.</summary>
    public string Value => Field[(Field.IndexOf(':', StringComparison.Ordinal) + 1)..];

    public bool Is(string name) => Name.Equals(name, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// The received octets split into header fields and body, as DKIM and ARC hash them (RFC 6376 §3.4).
/// Header text is Latin-1 so every octet maps to one char and back unchanged. Immutable, so the DKIM
/// and ARC analyzers, which run concurrently, share one split of a message (<see cref="Of"/>).
/// </summary>
public sealed class RawMessage
{
    private static readonly ConditionalWeakTable<ContentMessage, RawMessage> Shared = [];

    private RawMessage(IReadOnlyList<RawHeaderField> headers, ReadOnlyMemory<byte> body)
    {
        Headers = headers;
        Body = body;
    }

    /// <summary>Header fields from top to bottom.</summary>
    public IReadOnlyList<RawHeaderField> Headers { get; }

    /// <summary>The octets after the empty line that ends the header (empty when there is none).</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The one split of <paramref name="message"/> every verifier reads.</summary>
    public static RawMessage Of(ContentMessage message) => Shared.GetValue(message, m => Parse(m.Raw));

    /// <summary>
    /// Splits at the first empty line. Lines end in CRLF or a bare LF (read as CRLF); a line starting with
    /// white space continues the field above; a line that is neither a field nor a continuation is skipped.
    /// </summary>
    public static RawMessage Parse(ReadOnlyMemory<byte> raw)
    {
        var span = raw.Span;
        var headers = new List<RawHeaderField>();
        var current = new StringBuilder();
        string? name = null;
        int pos = 0;
        while (pos < span.Length)
        {
            var lf = span[pos..].IndexOf((byte)'\n');
            var end = lf < 0 ? span.Length : pos + lf;
            var next = lf < 0 ? span.Length : end + 1;
            var line = span[pos..end];
            if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
            pos = next;
            if (line.Length == 0) break;
            if (line[0] is (byte)' ' or (byte)'\t')
            {
                if (name is not null) current.Append("\r\n").Append(Encoding.Latin1.GetString(line));
                continue;
            }
            Flush();
            var colon = line.IndexOf((byte)':');
            if (colon <= 0) continue;
            name = Encoding.Latin1.GetString(line[..colon]).TrimEnd(' ', '\t');
            current.Append(Encoding.Latin1.GetString(line));
        }
        Flush();
        return new RawMessage(headers, raw[Math.Min(pos, raw.Length)..]);

        void Flush()
        {
            if (name is not null) headers.Add(new RawHeaderField(name, current.ToString()));
            name = null;
            current.Clear();
        }
    }
}
