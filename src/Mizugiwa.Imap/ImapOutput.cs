using System.Text;

namespace Mizugiwa.Imap;

/// <summary>
/// Buffered writing of responses; the session flushes before it waits for input. A connection that fails
/// while we write ends the session (<see cref="ImapSessionEndException"/>), so an IOException that reaches a
/// command handler is always about the mailbox files.
/// </summary>
internal sealed class ImapOutput(Stream stream)
{
    private BufferedStream _buffer = new(stream, 64 * 1024);

    public void SwitchTo(Stream tls) => _buffer = new BufferedStream(tls, 64 * 1024);

    public void Line(string text)
    {
        Write(Encoding.UTF8.GetBytes(text));
        Write("\r\n"u8);
    }

    public void Text(string text) => Write(Encoding.UTF8.GetBytes(text));

    /// <summary>A literal: <c>{n}CRLF</c> and the octets.</summary>
    public void Literal(ReadOnlySpan<byte> bytes)
    {
        Text($"{{{bytes.Length}}}\r\n");
        Write(bytes);
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        try { _buffer.Write(bytes); }
        catch (IOException e) { throw new ImapSessionEndException(null, "connection lost: " + e.Message); }
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        try { await _buffer.FlushAsync(cancellationToken); }
        catch (IOException e) { throw new ImapSessionEndException(null, "connection lost: " + e.Message); }
    }
}

/// <summary>Strings in responses: quoted when that is safe, a literal otherwise, NIL for none.</summary>
internal static class ImapString
{
    public static string NString(string? value) => value is null ? "NIL" : Quoted(value);

    /// <summary>A quoted string, or a literal for text with line breaks, non-ASCII or that is long.</summary>
    public static string Quoted(string value)
    {
        if (value.Length > 1000 || value.Any(c => c is '\r' or '\n' or '\0' || c > 0x7e || (c < 0x20 && c != '\t')))
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            return $"{{{bytes.Length}}}\r\n{value}";
        }
        return "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
    }

    /// <summary>
    /// Response text that repeats what the client sent (a mailbox name from a literal may hold line breaks) kept
    /// to one line, so the client's own input can never pose as another response.
    /// </summary>
    public static string OneLine(string text) =>
        text.AsSpan().IndexOfAny('\r', '\n', '\0') < 0 ? text : text.Replace('\r', '?').Replace('\n', '?').Replace('\0', '?');

    /// <summary>A mailbox name in LIST/STATUS: an atom when it can be one.</summary>
    public static string Mailbox(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') ? name : Quoted(name);
}
