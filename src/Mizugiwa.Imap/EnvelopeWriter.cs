using System.Text;
using MimeKit;
using MimeKit.Utils;

namespace Mizugiwa.Imap;

/// <summary>
/// ENVELOPE (RFC 3501 §7.4.2): date, subject, from, sender, reply-to, to, cc, bcc, in-reply-to, message-id.
/// Header text is given as it is in the message (encoded words stay encoded, clients decode them);
/// sender and reply-to default to from.
/// </summary>
internal static class EnvelopeWriter
{
    public static string Write(MimeMessage message)
    {
        var headers = message.Headers;
        var from = Addresses(headers, HeaderId.From);
        var sender = Addresses(headers, HeaderId.Sender);
        var replyTo = Addresses(headers, HeaderId.ReplyTo);
        if (sender == "NIL") sender = from;
        if (replyTo == "NIL") replyTo = from;
        return "(" + string.Join(' ',
            ImapString.NString(Raw(headers, HeaderId.Date)),
            ImapString.NString(Raw(headers, HeaderId.Subject)),
            from, sender, replyTo,
            Addresses(headers, HeaderId.To),
            Addresses(headers, HeaderId.Cc),
            Addresses(headers, HeaderId.Bcc),
            ImapString.NString(Raw(headers, HeaderId.InReplyTo)),
            ImapString.NString(Raw(headers, HeaderId.MessageId))) + ")";
    }

    /// <summary>The header's value as written, unfolded; null when the message has none.</summary>
    public static string? Raw(HeaderList headers, HeaderId id)
    {
        int index = headers.IndexOf(id);
        if (index < 0) return null;
        var raw = Encoding.UTF8.GetString(headers[index].RawValue);
        return raw.Replace("\r\n", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Trim();
    }

    private static string Addresses(HeaderList headers, HeaderId id)
    {
        var raw = Raw(headers, id);
        if (raw is null || !InternetAddressList.TryParse(ParserOptions.Default, raw, out var list) || list.Count == 0) return "NIL";
        var text = new StringBuilder("(");
        foreach (var address in list) Append(text, address);
        return text.Append(')').ToString();
    }

    private static void Append(StringBuilder text, InternetAddress address)
    {
        switch (address)
        {
            case MailboxAddress mailbox:
                text.Append('(').Append(Name(mailbox.Name)).Append(" NIL ")
                    .Append(ImapString.NString(mailbox.LocalPart)).Append(' ')
                    .Append(ImapString.NString(mailbox.Domain.Length > 0 ? mailbox.Domain : null)).Append(')');
                break;
            case GroupAddress group:
                text.Append("(NIL NIL ").Append(ImapString.Quoted(group.Name ?? "")).Append(" NIL)");
                foreach (var member in group.Members) Append(text, member);
                text.Append("(NIL NIL NIL NIL)");
                break;
        }
    }

    /// <summary>Display names: MimeKit decodes them, so non-ASCII ones are encoded again (RFC 2047) as IMAP4rev1 expects.</summary>
    private static string Name(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "NIL";
        if (name.All(c => c < 0x7f)) return ImapString.Quoted(name);
        return ImapString.Quoted(Encoding.ASCII.GetString(Rfc2047.EncodePhrase(Encoding.UTF8, name)));
    }
}
