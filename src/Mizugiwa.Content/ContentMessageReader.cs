using Mizugiwa.Content.Mime;
using MimeKit;

namespace Mizugiwa.Content;

/// <summary>Parses raw message octets into a <see cref="ContentMessage"/>: MimeKit parse, then the MIME walk.</summary>
public static class ContentMessageReader
{
    // Before MimeKit decodes the first header: it looks charsets up once, and without the code pages
    // ISO-2022-JP, Shift_JIS and EUC-JP subjects would stay undecoded for the life of the process.
    static ContentMessageReader() => System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);

    /// <summary>
    /// Never fails on what it is given: octets whose first line is not a header field (or nothing at all)
    /// are read as a body without headers, and the message says so (<see cref="ContentMessage.HeadersUnreadable"/>).
    /// </summary>
    public static ContentMessage Read(ReadOnlyMemory<byte> raw, ContentEnvelope envelope, MimeLimits? limits = null)
    {
        MimeMessage mime;
        var headersUnreadable = false;
        try
        {
            mime = Parse(Stream(raw));
        }
        catch (FormatException)
        {
            var bodyOnly = new MimeKit.IO.ChainedStream();
            bodyOnly.Add(new MemoryStream("\r\n"u8.ToArray(), writable: false));
            bodyOnly.Add(Stream(raw));
            mime = Parse(bodyOnly);
            headersUnreadable = true;
        }
        return new ContentMessage { Envelope = envelope, Mime = mime, Raw = raw, Parts = MimeWalker.Walk(mime, limits), HeadersUnreadable = headersUnreadable };
    }

    private static MimeMessage Parse(Stream stream)
    {
        using (stream)
            return new MimeParser(ParserOptions.Default, stream, MimeFormat.Entity, persistent: false).ParseMessage();
    }

    /// <summary>A read-only stream over the octets without copying them when they sit in an array (they usually do).</summary>
    private static MemoryStream Stream(ReadOnlyMemory<byte> raw) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(raw, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(raw.ToArray(), writable: false);
}
