using System.Text;
using MimeKit;

namespace Mizugiwa.Content.Mime;

/// <summary>
/// Walks a message's MIME tree depth-first within <see cref="MimeLimits"/>: text parts are decoded
/// from their charset (ISO-2022-JP, Shift_JIS and EUC-JP included), HTML is turned into text, other
/// leaves and anything with a file name are attachments. Attached messages (message/rfc822) are
/// walked as part of the tree.
/// </summary>
public static class MimeWalker
{
    public static MessageParts Walk(MimeMessage message, MimeLimits? limits = null)
    {
        var walk = new TreeWalk(limits ?? MimeLimits.Default);
        if (message.Body is not null) walk.Visit(message.Body, 1);
        return new MessageParts
        {
            Texts = walk.Texts,
            Attachments = walk.Attachments,
            Leaves = walk.Leaves,
            DepthLimitReached = walk.DepthLimitReached,
            PartLimitReached = walk.PartLimitReached,
            UndecodableCharsets = [.. walk.UndecodableCharsets.Distinct(StringComparer.OrdinalIgnoreCase)],
        };
    }

    private sealed class TreeWalk(MimeLimits limits)
    {
        public readonly List<TextSection> Texts = [];
        public readonly List<AttachmentInfo> Attachments = [];
        public readonly List<MimeEntity> Leaves = [];
        public readonly List<string> UndecodableCharsets = [];
        public bool DepthLimitReached;
        public bool PartLimitReached;
        private int _parts;

        public void Visit(MimeEntity entity, int depth)
        {
            if (depth > limits.MaxDepth) { DepthLimitReached = true; return; }
            if (++_parts > limits.MaxParts) { PartLimitReached = true; return; }
            switch (entity)
            {
                case Multipart multipart:
                    foreach (var child in multipart)
                    {
                        if (PartLimitReached) return;
                        Visit(child, depth + 1);
                    }
                    break;
                case MessagePart { Message.Body: { } body }:
                    Visit(body, depth + 1);
                    break;
                case TextPart text when !IsAttachment(text):
                    Leaves.Add(text);
                    Texts.Add(Decode(text));
                    break;
                case MimePart part:
                    Leaves.Add(part);
                    Attachments.Add(new AttachmentInfo(part.FileName, part.ContentType.MimeType.ToLowerInvariant(), part));
                    break;
            }
        }

        private static bool IsAttachment(MimePart part) =>
            part.ContentDisposition?.Disposition == ContentDisposition.Attachment || !string.IsNullOrEmpty(part.FileName);

        private TextSection Decode(TextPart part)
        {
            var charset = part.ContentType.Charset;
            string text;
            try
            {
                text = charset is null ? part.GetText(out _) : part.GetText(Encoding.GetEncoding(charset));
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or DecoderFallbackException)
            {
                UndecodableCharsets.Add(charset!);
                text = part.GetText(Encoding.UTF8);
            }
            if (!part.IsHtml) return new TextSection(text, null, charset, part);
            return new TextSection(HtmlText.Convert(text), text, charset, part);
        }
    }
}
