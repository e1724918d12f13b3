using System.IO.Compression;
using System.Text;

namespace Mizugiwa.Content.Tests.Attachments;

/// <summary>Builds test messages: a text body and base64 attachments.</summary>
internal static class AttachmentMessages
{
    public static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n");
    public static readonly byte[] Exe = [.. "MZ"u8, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, .. "This program cannot be run in DOS mode"u8];
    public static readonly byte[] Jpeg = [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, .. "JFIF"u8, 0x00];

    public sealed record Attachment(string? FileName, string ContentType, byte[] Content);

    public static Attachment A(string? fileName, string contentType, byte[] content) => new(fileName, contentType, content);

    public static string Raw(params Attachment[] attachments)
    {
        var raw = new StringBuilder("From: a@example.org\r\nTo: b@example.net\r\nSubject: files\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=outer\r\n\r\n");
        raw.Append("--outer\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nPlease see the attached files.\r\n");
        foreach (var attachment in attachments) raw.Append("--outer\r\n").Append(Part(attachment));
        raw.Append("--outer--\r\n");
        return raw.ToString();
    }

    public static string Part(Attachment attachment)
    {
        var name = attachment.FileName is null ? "" : $"; name=\"{attachment.FileName}\"";
        var disposition = attachment.FileName is null ? "Content-Disposition: attachment\r\n" : $"Content-Disposition: attachment; filename=\"{attachment.FileName}\"\r\n";
        return $"Content-Type: {attachment.ContentType}{name}\r\n{disposition}Content-Transfer-Encoding: base64\r\n\r\n{Convert.ToBase64String(attachment.Content, Base64FormattingOptions.InsertLineBreaks)}\r\n";
    }

    public static ContentMessage Read(string raw) =>
        ContentMessageReader.Read(Encoding.UTF8.GetBytes(raw), new ContentEnvelope(null, null, null, "a@example.org", ["b@example.net"]));

    public static byte[] Zip(params string[] entryNames)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in entryNames)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write("content"u8);
            }
        }
        return buffer.ToArray();
    }
}
