using System.Text;
using Mizugiwa.Content.Attachments;
using MimeKit;
using static Mizugiwa.Content.Tests.Attachments.AttachmentMessages;

namespace Mizugiwa.Content.Tests.Attachments;

public sealed class AttachmentStripperTests
{
    private static MimeMessage Reparse(MimeMessage message)
    {
        using var buffer = new MemoryStream();
        message.WriteTo(buffer);
        buffer.Position = 0;
        return MimeMessage.Load(buffer);
    }

    [Fact]
    public void Stripped_parts_become_notes_and_the_rest_is_kept()
    {
        var message = Read(Raw(A("run.exe", "application/octet-stream", Exe), A("report.pdf", "application/pdf", Pdf)));
        var stripped = Reparse(AttachmentStripper.Strip(message.Mime, new HashSet<string> { "run.exe" }));

        var parts = stripped.BodyParts.ToList();
        Assert.Equal(3, parts.Count);
        Assert.Equal("Please see the attached files.", ((TextPart)parts[0]).Text.Trim());
        var note = Assert.IsType<TextPart>(parts[1]);
        Assert.Equal("The attachment run.exe was removed by the mail server: files of this type are not accepted.", note.Text.Trim());
        var pdf = Assert.IsType<MimePart>(parts[2]);
        Assert.Equal("report.pdf", pdf.FileName);
        using var content = new MemoryStream();
        pdf.Content!.DecodeTo(content);
        Assert.Equal(Pdf, content.ToArray());
        Assert.Equal("files", stripped.Subject);
    }

    [Fact]
    public void The_original_message_is_not_changed()
    {
        var message = Read(Raw(A("run.exe", "application/octet-stream", Exe)));
        _ = AttachmentStripper.Strip(message.Mime, new HashSet<string> { "run.exe" });
        Assert.Contains(message.Mime.Attachments, a => a is MimePart { FileName: "run.exe" });
    }

    [Fact]
    public void A_nameless_part_is_stripped_by_its_index_and_an_attached_messages_part_in_place()
    {
        var inner = Raw(A("payload.exe", "application/octet-stream", Exe));
        var raw = "From: a@example.org\r\nContent-Type: multipart/mixed; boundary=top\r\n\r\n--top\r\nContent-Type: text/plain\r\n\r\nforwarded\r\n" +
            $"--top\r\n{Part(A(null, "image/jpeg", Exe))}--top\r\nContent-Type: message/rfc822\r\n\r\n{inner}--top--\r\n";
        var message = Read(raw);
        var stripped = Reparse(AttachmentStripper.Strip(message.Mime, new HashSet<string> { "#0", "payload.exe" }));
        var text = Encoding.UTF8.GetString(Serialize(stripped));
        Assert.Contains("The attachment image/jpeg was removed", text);
        Assert.Contains("The attachment payload.exe was removed", text);
        Assert.DoesNotContain(Convert.ToBase64String(Exe)[..20], text);
        Assert.Contains("Please see the attached files.", text);
    }

    [Fact]
    public void A_message_that_is_only_the_attachment_keeps_its_headers()
    {
        var raw = "From: a@example.org\r\nSubject: lone\r\n" + Part(A("run.exe", "application/octet-stream", Exe));
        var stripped = Reparse(AttachmentStripper.Strip(Read(raw).Mime, new HashSet<string> { "run.exe" }));
        Assert.Equal("lone", stripped.Subject);
        Assert.StartsWith("The attachment run.exe was removed", Assert.IsType<TextPart>(stripped.Body).Text);
    }

    private static byte[] Serialize(MimeMessage message)
    {
        using var buffer = new MemoryStream();
        message.WriteTo(buffer);
        return buffer.ToArray();
    }
}
