using Mizugiwa.Content.Mime;
using MimeKit;

namespace Mizugiwa.Content.Attachments;

/// <summary>
/// Rewrites a message without some attachments: each is replaced by a short text/plain note saying it
/// was removed. The original message is not changed; attachments are found by the same MIME walk
/// the analyzers saw, by <see cref="AttachmentPolicy.KeyOf"/> (file name, or "#n").
/// </summary>
public static class AttachmentStripper
{
    /// <summary>The keys the attachment analyzer listed for stripping (ATTACHMENT_STRIP details).</summary>
    public static IReadOnlySet<string> KeysToStrip(ContentReport report) =>
        report.Symbols.Where(s => s.Name == AttachmentAnalyzer.StripSymbol && s.Detail is not null).Select(s => s.Detail!).ToHashSet(StringComparer.Ordinal);

    /// <summary>A copy of <paramref name="message"/> with the attachments named by <paramref name="keys"/> replaced by notes.</summary>
    public static MimeMessage Strip(MimeMessage message, IReadOnlySet<string> keys, MimeLimits? limits = null)
    {
        var copy = Clone(message);
        if (keys.Count == 0) return copy;
        var attachments = MimeWalker.Walk(copy, limits).Attachments;
        for (var i = 0; i < attachments.Count; i++)
        {
            var attachment = attachments[i];
            var key = AttachmentPolicy.KeyOf(attachment, i);
            if (!keys.Contains(key)) continue;
            Replace(copy, attachment.Part, Note(attachment.FileName ?? attachment.ContentType));
        }
        return copy;
    }

    private static MimeMessage Clone(MimeMessage message)
    {
        using var buffer = new MemoryStream();
        message.WriteTo(FormatOptions.Default, buffer);
        buffer.Position = 0;
        return MimeMessage.Load(buffer);
    }

    private static TextPart Note(string name)
    {
        var note = new TextPart("plain")
        {
            Text = $"The attachment {name} was removed by the mail server: files of this type are not accepted.\r\n",
        };
        note.ContentType.Charset = "utf-8";
        note.ContentDisposition = new ContentDisposition(ContentDisposition.Inline);
        return note;
    }

    /// <summary>Replaces <paramref name="target"/> wherever it sits: the body, a multipart's child, or inside an attached message.</summary>
    private static bool Replace(MimeMessage message, MimeEntity target, MimeEntity replacement)
    {
        if (ReferenceEquals(message.Body, target))
        {
            message.Body = replacement;
            return true;
        }
        return message.Body is not null && ReplaceIn(message.Body, target, replacement);
    }

    private static bool ReplaceIn(MimeEntity entity, MimeEntity target, MimeEntity replacement)
    {
        switch (entity)
        {
            case Multipart multipart:
                for (var i = 0; i < multipart.Count; i++)
                {
                    if (ReferenceEquals(multipart[i], target))
                    {
                        multipart[i] = replacement;
                        return true;
                    }
                    if (ReplaceIn(multipart[i], target, replacement)) return true;
                }
                return false;
            case MessagePart { Message: { } inner }:
                return Replace(inner, target, replacement);
            default:
                return false;
        }
    }
}
