using MimeKit;

namespace Mizugiwa.Content.Tests.Fingerprints;

/// <summary>Small messages built for the fingerprint tests.</summary>
internal static class TestMessages
{
    public const string SpamText =
        "Dear friend, we are pleased to inform you that your email address has been selected in our annual " +
        "international lottery programme. You have won the sum of one million dollars which will be paid to you " +
        "as soon as you contact our claims agent with your full name, your home address and your bank details. " +
        "This offer is strictly confidential and must not be disclosed to anybody until your claim has been " +
        "processed, in order to avoid double claiming and abuse of the programme by other participants. " +
        "Please reply within seven days or your winnings will be returned to the treasury. Congratulations again.";

    public static ContentMessage Build(MimeEntity body, string subject = "test", string? messageId = null)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Sender", "sender@example.net"));
        message.To.Add(new MailboxAddress("", "rcpt@example.org"));
        message.Subject = subject;
        message.MessageId = messageId ?? MimeKit.Utils.MimeUtils.GenerateMessageId("example.net");
        message.Body = body;
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return ContentMessageReader.Read(stream.ToArray(), new ContentEnvelope(null, null, null, "", []));
    }

    public static ContentMessage Text(string text, string subject = "test") => Build(new TextPart("plain") { Text = text }, subject);

    public static MimePart Attachment(byte[] content, string fileName, ContentEncoding encoding) => new("application", "pdf")
    {
        Content = new MimeContent(new MemoryStream(content)),
        ContentTransferEncoding = encoding,
        ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
        FileName = fileName,
    };

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
