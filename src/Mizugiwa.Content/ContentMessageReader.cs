using Mizugiwa.Content.Mime;
using MimeKit;

namespace Mizugiwa.Content;

/// <summary>Parses raw message octets into a <see cref="ContentMessage"/>: MimeKit parse, then the MIME walk.</summary>
public static class ContentMessageReader
{
    public static ContentMessage Read(ReadOnlyMemory<byte> raw, ContentEnvelope envelope, MimeLimits? limits = null)
    {
        MimeMessage mime;
        using (var stream = new MemoryStream(raw.ToArray(), writable: false))
        {
            var parser = new MimeParser(ParserOptions.Default, stream, MimeFormat.Entity, persistent: false);
            mime = parser.ParseMessage();
        }
        return new ContentMessage { Envelope = envelope, Mime = mime, Raw = raw, Parts = MimeWalker.Walk(mime, limits) };
    }
}
