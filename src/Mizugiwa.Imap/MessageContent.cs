using MimeKit;

namespace Mizugiwa.Imap;

/// <summary>
/// One message read for FETCH and SEARCH: its octets, MimeKit's parse, and where each entity lies in the
/// octets, so that sections (BODY[1.2], BODY[HEADER], sizes and line counts of BODYSTRUCTURE) are cut
/// from the message exactly as stored, not re-encoded.
/// </summary>
internal sealed class MessageContent
{
    private readonly Dictionary<object, (long Begin, long End)> _extents = new(ReferenceEqualityComparer.Instance);

    public byte[] Bytes { get; }
    public MimeMessage Message { get; }

    private MessageContent(byte[] bytes)
    {
        Bytes = bytes;
        using var stream = new MemoryStream(bytes, writable: false);
        var parser = new MimeParser(stream, MimeFormat.Default, persistent: false);
        parser.MimeEntityEnd += (_, e) => _extents[e.Entity] = (e.BeginOffset, e.EndOffset);
        parser.MimeMessageEnd += (_, e) => _extents[e.Message] = (e.BeginOffset, e.EndOffset);
        Message = parser.ParseMessage();
        _extents[Message] = (0, bytes.Length);
    }

    public static async Task<MessageContent> LoadAsync(string path, CancellationToken cancellationToken) =>
        new(await File.ReadAllBytesAsync(path, cancellationToken));

    public static MessageContent FromBytes(byte[] bytes) => new(bytes);

    /// <summary>The message's header section alone, for keys and sorts that read no body; null when the file cannot be read.</summary>
    public static MimeMessage? HeadersOnly(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            return new MimeMessage(HeaderList.Load(file).Cast<object>().ToArray());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { return null; }
    }

    /// <summary>Where <paramref name="entity"/> (a MimeEntity or an embedded MimeMessage) starts, its body starts, and it ends.</summary>
    public (int Begin, int BodyStart, int End) Extent(object entity)
    {
        var (begin, end) = _extents.TryGetValue(entity, out var found) ? found : (0, Bytes.Length);
        int b = (int)Math.Clamp(begin, 0, Bytes.Length), e = (int)Math.Clamp(end, b, Bytes.Length);
        return (b, BodyStart(b, e), e);
    }

    /// <summary>The offset after the blank line that ends the header section, or the end when there is none.</summary>
    private int BodyStart(int begin, int end)
    {
        int line = begin;
        while (line < end)
        {
            int lf = Array.IndexOf(Bytes, (byte)'\n', line, end - line);
            if (lf < 0) return end;
            int length = lf - line;
            if (length == 0 || (length == 1 && Bytes[line] == '\r')) return lf + 1;
            line = lf + 1;
        }
        return end;
    }

    public ReadOnlySpan<byte> Slice(int from, int to) => Bytes.AsSpan(from, to - from);

    /// <summary>Lines of a body, counting a last line that has no line break (a part's content ends before the CRLF of its boundary).</summary>
    public int Lines(int from, int to)
    {
        var body = Slice(from, to);
        return body.Count((byte)'\n') + (body.Length > 0 && body[^1] != '\n' ? 1 : 0);
    }
}
