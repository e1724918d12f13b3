using System.Text;

namespace Mizugiwa.Content.Tests.Bayes;

/// <summary>Messages for the Bayes tests, built as raw octets and read as the server reads them.</summary>
internal static class BayesMessages
{
    static BayesMessages() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static ContentMessage Read(string raw) =>
        ContentMessageReader.Read(Encoding.Latin1.GetBytes(raw), new ContentEnvelope(null, null, null, "", []));

    /// <summary>A text message whose Subject and body are ISO-2022-JP (7bit with escapes), as Japanese mailers send it.</summary>
    public static ContentMessage Japanese(string subject, string body)
    {
        var jis = Encoding.GetEncoding("iso-2022-jp");
        var encodedSubject = $"=?ISO-2022-JP?B?{Convert.ToBase64String(jis.GetBytes(subject))}?=";
        return Read($"From: =?ISO-2022-JP?B?{Convert.ToBase64String(jis.GetBytes("山田"))}?= <yamada@mail.example.co.jp>\r\n" +
            $"Subject: {encodedSubject}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\n" +
            $"Content-Transfer-Encoding: 7bit\r\n\r\n{Encoding.Latin1.GetString(jis.GetBytes(body))}\r\n");
    }

    /// <summary>A plain message with a distinct Message-ID so that each is learned as a new message.</summary>
    public static ContentMessage Plain(string subject, string body, string? messageId = null) =>
        Read($"From: Someone <someone@example.com>\r\nSubject: {subject}\r\nMessage-ID: <{messageId ?? Guid.NewGuid().ToString("N")}@example.com>\r\n" +
            $"Content-Type: text/plain\r\n\r\n{body}\r\n");

    /// <summary>Spam number <paramref name="i"/> of the store tests (its own Message-ID, so each is a message of its own).</summary>
    public static ContentMessage Spam(int i) => Plain($"cheap pills {i}", $"buy cheap pills now viagra discount offer {i}", $"spam{i}");

    public static ContentMessage Ham(int i) => Plain($"meeting notes {i}", $"the meeting agenda for tomorrow project review {i}", $"ham{i}");
}
