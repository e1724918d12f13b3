using System.Text;
using MimeKit;

namespace Mizugiwa.Imap;

/// <summary>Cuts BODY[section] out of a message (RFC 3501 §6.4.5): part paths, HEADER, HEADER.FIELDS(.NOT), TEXT, MIME.</summary>
internal static class SectionReader
{
    /// <summary>The section's octets; empty when the message has no such part.</summary>
    public static byte[] Read(MessageContent content, SectionSpec section)
    {
        object? node = content.Message;
        foreach (int n in section.Path)
        {
            node = Child(node, n);
            if (node is null) return [];
        }
        switch (section.Text)
        {
            case "":
                return section.Path.Length == 0 ? content.Bytes : Body(content, node);
            case "MIME":
            {
                var (begin, bodyStart, _) = content.Extent(node);
                return content.Slice(begin, bodyStart).ToArray();
            }
        }
        var message = node switch
        {
            MimeMessage m => m,
            MessagePart part => part.Message,
            _ => null,
        };
        if (message is null) return [];
        var (mBegin, mBodyStart, mEnd) = content.Extent(message);
        return section.Text switch
        {
            "HEADER" => content.Slice(mBegin, mBodyStart).ToArray(),
            "TEXT" => content.Slice(mBodyStart, mEnd).ToArray(),
            "HEADER.FIELDS" => Fields(content.Slice(mBegin, mBodyStart), section.Fields, keep: true),
            "HEADER.FIELDS.NOT" => Fields(content.Slice(mBegin, mBodyStart), section.Fields, keep: false),
            _ => [],
        };
    }

    /// <summary>Part <paramref name="n"/> of a node: a multipart's n-th child; part 1 of a single-part body is the body itself.</summary>
    private static object? Child(object? node, int n)
    {
        var body = node switch
        {
            MimeMessage m => m.Body,
            MessagePart part => part.Message?.Body,
            MimeEntity e => e,
            _ => null,
        };
        if (body is Multipart multipart) return n <= multipart.Count ? multipart[n - 1] : null;
        return n == 1 && node is MimeMessage or MessagePart ? body : null;
    }

    /// <summary>A part's content: for a message's own body (a single-part message) the message's body.</summary>
    public static byte[] Body(MessageContent content, object node)
    {
        var (_, bodyStart, end) = BodyRange(content, node);
        return content.Slice(bodyStart, end).ToArray();
    }

    public static (int Begin, int BodyStart, int End) BodyRange(MessageContent content, object node)
    {
        if (node is MimeEntity entity && OwnerOf(content.Message, entity) is { } owner) return content.Extent(owner);
        return content.Extent(node);
    }

    /// <summary>The message whose Body <paramref name="entity"/> is, if any.</summary>
    private static MimeMessage? OwnerOf(MimeMessage message, MimeEntity entity)
    {
        if (ReferenceEquals(message.Body, entity)) return message;
        foreach (var part in message.BodyParts.OfType<MessagePart>())
            if (part.Message is { } inner && OwnerOf(inner, entity) is { } found) return found;
        return null;
    }

    /// <summary>The header lines (with their folded continuations) whose names are, or are not, in <paramref name="names"/>, and the blank line.</summary>
    private static byte[] Fields(ReadOnlySpan<byte> header, IReadOnlyList<string> names, bool keep)
    {
        var wanted = new HashSet<string>(names, StringComparer.OrdinalIgnoreCase);
        var output = new MemoryStream();
        bool taking = false;
        int line = 0;
        while (line < header.Length)
        {
            int lf = header[line..].IndexOf((byte)'\n');
            int next = lf < 0 ? header.Length : line + lf + 1;
            var text = header[line..next];
            bool blank = text.Length <= 2 && text.Trim("\r\n"u8).Length == 0;
            if (blank) break;
            if (text[0] is not ((byte)' ' or (byte)'\t'))
            {
                int colon = text.IndexOf((byte)':');
                var name = colon < 0 ? "" : Encoding.ASCII.GetString(text[..colon]).Trim();
                taking = colon > 0 && wanted.Contains(name) == keep;
            }
            if (taking) output.Write(text);
            line = next;
        }
        output.Write("\r\n"u8);
        return output.ToArray();
    }
}
