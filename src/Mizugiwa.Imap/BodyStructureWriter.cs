using System.Text;
using MimeKit;

namespace Mizugiwa.Imap;

/// <summary>
/// BODY and BODYSTRUCTURE (RFC 3501 §7.4.2) from MimeKit's parse: types and parameters from the headers,
/// sizes and line counts from the octets as stored. BODYSTRUCTURE adds the extension data (MD5 NIL,
/// disposition, language, location).
/// </summary>
internal static class BodyStructureWriter
{
    public static string Write(MessageContent content, bool extensions)
    {
        var text = new StringBuilder();
        Append(text, content, content.Message.Body, extensions);
        return text.ToString();
    }

    private static void Append(StringBuilder text, MessageContent content, MimeEntity? entity, bool extensions)
    {
        if (entity is null)
        {
            text.Append("(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0)");
            return;
        }
        if (entity is Multipart multipart)
        {
            text.Append('(');
            if (multipart.Count == 0) text.Append("(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0)");
            foreach (var child in multipart) Append(text, content, child, extensions);
            text.Append(' ').Append(ImapString.Quoted(entity.ContentType.MediaSubtype.ToLowerInvariant()));
            if (extensions) text.Append(' ').Append(Parameters(entity.ContentType)).Append(' ').Append(Disposition(entity)).Append(" NIL ").Append(Location(entity));
            text.Append(')');
            return;
        }
        var type = entity.ContentType;
        var (_, bodyStart, end) = SectionReader.BodyRange(content, entity);
        text.Append('(')
            .Append(ImapString.Quoted(type.MediaType.ToLowerInvariant())).Append(' ')
            .Append(ImapString.Quoted(type.MediaSubtype.ToLowerInvariant())).Append(' ')
            .Append(Parameters(type)).Append(' ')
            .Append(ImapString.NString(Header(entity, HeaderId.ContentId))).Append(' ')
            .Append(ImapString.NString(Header(entity, HeaderId.ContentDescription))).Append(' ')
            .Append(ImapString.Quoted((Header(entity, HeaderId.ContentTransferEncoding) ?? "7bit").ToLowerInvariant())).Append(' ')
            .Append(end - bodyStart);
        if (entity is MessagePart { Message: { } inner } && type.MediaSubtype.Equals("rfc822", StringComparison.OrdinalIgnoreCase))
        {
            text.Append(' ').Append(EnvelopeWriter.Write(inner)).Append(' ');
            Append(text, content, inner.Body, extensions);
            text.Append(' ').Append(content.Lines(bodyStart, end));
        }
        else if (type.MediaType.Equals("text", StringComparison.OrdinalIgnoreCase))
        {
            text.Append(' ').Append(content.Lines(bodyStart, end));
        }
        if (extensions) text.Append(" NIL ").Append(Disposition(entity)).Append(" NIL ").Append(Location(entity));
        text.Append(')');
    }

    private static string? Header(MimeEntity entity, HeaderId id) => EnvelopeWriter.Raw(entity.Headers, id);

    private static string Parameters(ContentType type)
    {
        var parameters = type.Parameters.ToList();
        if (parameters.Count == 0)
            return type.MediaType.Equals("text", StringComparison.OrdinalIgnoreCase) ? "(\"charset\" \"us-ascii\")" : "NIL";
        return "(" + string.Join(' ', parameters.Select(p => ImapString.Quoted(p.Name.ToLowerInvariant()) + " " + ImapString.Quoted(p.Value))) + ")";
    }

    private static string Disposition(MimeEntity entity)
    {
        if (entity.ContentDisposition is not { } disposition) return "NIL";
        var parameters = disposition.Parameters.ToList();
        var list = parameters.Count == 0 ? "NIL" : "(" + string.Join(' ', parameters.Select(p => ImapString.Quoted(p.Name.ToLowerInvariant()) + " " + ImapString.Quoted(p.Value))) + ")";
        return "(" + ImapString.Quoted(disposition.Disposition.ToLowerInvariant()) + " " + list + ")";
    }

    private static string Location(MimeEntity entity) => ImapString.NString(Header(entity, HeaderId.ContentLocation));
}
