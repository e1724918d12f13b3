using System.Globalization;
using System.Text;
using MimeKit;
using MimeKit.Utils;
using Mizugiwa.Core;
using Mizugiwa.Delivery.Outbound;

namespace Mizugiwa.Delivery.Dsn;

/// <summary>
/// Builds a delivery status notification (RFC 3464 / RFC 3462 multipart/report) with MimeKit: a
/// human-readable text part, the message/delivery-status part, and the original message
/// (message/rfc822) or only its header (text/rfc822-headers).
/// </summary>
public sealed class DsnBuilder(string reportingMta, TimeProvider time)
{
    public const string MailerDaemon = "MAILER-DAEMON";

    /// <param name="returnFull">The whole original message is attached; otherwise only its header.</param>
    public MimeMessage Build(OutboundMessage original, IReadOnlyList<DsnRecipientReport> reports, string to, bool returnFull)
    {
        var envelope = original.Envelope;
        var action = reports[0].Action;
        var now = time.GetUtcNow();
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Mail Delivery System", $"{MailerDaemon}@{reportingMta}"));
        message.To.Add(new MailboxAddress("", to));
        message.Subject = action switch
        {
            DsnAction.Failed => "Undelivered Mail Returned to Sender",
            DsnAction.Delayed => "Delayed Mail (still being retried)",
            _ => "Successful Mail Delivery Report",
        };
        message.Date = now;
        message.MessageId = MimeUtils.GenerateMessageId(reportingMta);
        message.Headers.Add("Auto-Submitted", "auto-replied");

        var report = new MultipartReport("delivery-status")
        {
            new TextPart("plain") { Text = HumanReadable(envelope, reports) },
            DeliveryStatus(envelope, reports),
            returnFull ? FullMessage(original) : HeadersOnly(original),
        };
        message.Body = report;
        return message;
    }

    private string HumanReadable(MessageEnvelope envelope, IReadOnlyList<DsnRecipientReport> reports)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"This is the mail system at host {reportingMta}.\n\n");
        text.Append(reports[0].Action switch
        {
            DsnAction.Failed => "I'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients. It's attached below.\n",
            DsnAction.Delayed => "Your message could not be delivered yet to one or more recipients.\nIt will be retried until it is "
                + $"{(reports[0].WillRetryUntil is { } until ? $"{until.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : "expired")}; no action is required on your part.\n",
            _ => "Your message was successfully delivered to the destination(s) listed below.\n",
        });
        text.Append(CultureInfo.InvariantCulture, $"\nQueue id: {envelope.QueueId}\n\n");
        foreach (var r in reports)
        {
            text.Append(CultureInfo.InvariantCulture, $"<{r.Recipient.Address}>: ");
            text.Append(r.Result.Diagnostic is { } diagnostic
                ? (r.Result.RemoteMta is { } mta ? $"host {mta} said: {diagnostic}" : diagnostic)
                : $"status {r.Result.Status}");
            text.Append('\n');
        }
        return text.ToString();
    }

    private MessageDeliveryStatus DeliveryStatus(MessageEnvelope envelope, IReadOnlyList<DsnRecipientReport> reports)
    {
        var status = new MessageDeliveryStatus();
        var perMessage = new HeaderList { { "Reporting-MTA", $"dns; {reportingMta}" } };
        if (envelope.EnvId is { } envId) perMessage.Add("Original-Envelope-Id", Xtext.Decode(envId));
        perMessage.Add("Arrival-Date", DateUtils.FormatDate(envelope.ReceivedAt));
        status.StatusGroups.Add(perMessage);
        foreach (var r in reports)
        {
            var fields = new HeaderList();
            if (OriginalRecipient.TryParse(r.Recipient.OriginalRecipient, out var type, out var original)) fields.Add("Original-Recipient", $"{type}; {original}");
            fields.Add("Final-Recipient", $"rfc822; {r.Recipient.Address}");
            fields.Add("Action", r.Action.ToString().ToLowerInvariant());
            fields.Add("Status", r.Result.Status);
            if (r.Result.RemoteMta is { } mta) fields.Add("Remote-MTA", $"dns; {mta}");
            if (r.Result.Diagnostic is { } diagnostic) fields.Add("Diagnostic-Code", $"{(r.Result.FromSmtp ? "smtp" : "x-mizugiwa")}; {diagnostic}");
            fields.Add("Last-Attempt-Date", DateUtils.FormatDate(r.LastAttempt));
            if (r.WillRetryUntil is { } until) fields.Add("Will-Retry-Until", DateUtils.FormatDate(until));
            status.StatusGroups.Add(fields);
        }
        return status;
    }

    private static MessagePart FullMessage(OutboundMessage original)
    {
        using var content = original.OpenContent();
        return new MessagePart("rfc822") { Message = MimeMessage.Load(content) };
    }

    /// <summary>The original header as received, byte for byte: everything up to the first empty line.</summary>
    private static MimePart HeadersOnly(OutboundMessage original)
    {
        var header = new MemoryStream();
        using (var content = original.OpenContent())
        {
            int current;
            bool lineStart = true;
            while ((current = content.ReadByte()) >= 0)
            {
                if (lineStart && current is '\r' or '\n') break;
                header.WriteByte((byte)current);
                lineStart = current == '\n';
            }
        }
        header.Position = 0;
        return new MimePart("text", "rfc822-headers") { Content = new MimeContent(header) };
    }
}
