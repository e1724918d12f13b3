using Mizugiwa.Content.Mime;
using MimeKit;

namespace Mizugiwa.Content;

/// <summary>Parses raw message octets into a <see cref="ContentMessage"/>: MimeKit parse, then the MIME walk.</summary>
public static class ContentMessageReader
{
    // Before MimeKit decodes the first header: it looks charsets up once, and without the code pages
    // ISO-2022-JP, Shift_JIS and EUC-JP subjects would stay undecoded for the life of the process.
    static ContentMessageReader() => System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);

    public static ContentMessage Read(ReadOnlyMemory<byte> raw, ContentEnvelope envelope, MimeLimits? limits = null)
    {
        MimeMessage mime;
        using (var stream = Stream(raw))
        {
            var parser = new MimeParser(ParserOptions.Default, stream, MimeFormat.Entity, persistent: false);
            mime = parser.ParseMessage();
        }
        return new ContentMessage { Envelope = envelope, Mime = mime, Raw = raw, Parts = MimeWalker.Walk(mime, limits) };
    }

    /// <summary>A read-only stream over the octets without copying them when they sit in an array (they usually do).</summary>
    private static MemoryStream Stream(ReadOnlyMemory<byte> raw) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(raw, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(raw.ToArray(), writable: false);
}
