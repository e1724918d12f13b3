using MailKit;
using MailKit.Net.Smtp;
using MimeKit;
using Mizugiwa.Core;
using Mizugiwa.Delivery.Dsn;

namespace Mizugiwa.Delivery.Outbound;

/// <summary>
/// MailKit's SmtpClient for relaying queued messages (one at a time, see <see cref="Begin"/>): passes the envelope's DSN parameters on
/// (ENVID, RET, NOTIFY; MailKit sends them when the server announces DSN. MailKit builds ORCPT
/// itself from the RCPT address and offers no hook for it, so a received ORCPT is not passed on), collects the
/// reply to each RCPT instead of throwing, and sends the message as it is (no re-encoding).
/// </summary>
internal sealed class RelayingSmtpClient : SmtpClient
{
    private MessageEnvelope _envelope = null!;
    private Dictionary<MailboxAddress, EnvelopeRecipient> _recipients = null!;

    /// <summary>Prepares the client for the next message (a pooled connection carries several, one after the other).</summary>
    public void Begin(MessageEnvelope envelope, Dictionary<MailboxAddress, EnvelopeRecipient> recipients)
    {
        _envelope = envelope;
        _recipients = recipients;
        RcptReplies.Clear();
        DeliveryStatusNotificationType = envelope.Ret switch
        {
            DsnReturn.Full => MailKit.Net.Smtp.DeliveryStatusNotificationType.Full,
            DsnReturn.Headers => MailKit.Net.Smtp.DeliveryStatusNotificationType.HeadersOnly,
            _ => MailKit.Net.Smtp.DeliveryStatusNotificationType.Unspecified,
        };
    }

    /// <summary>The RCPT replies, by recipient.</summary>
    public Dictionary<EnvelopeRecipient, SmtpResponse> RcptReplies { get; } = new(ReferenceEqualityComparer.Instance);

    protected override string? GetEnvelopeId(MimeMessage message) => _envelope.EnvId is { } envId ? Xtext.Decode(envId) : null;

    protected override DeliveryStatusNotification? GetDeliveryStatusNotifications(MimeMessage message, MailboxAddress mailbox)
    {
        var notify = _recipients[mailbox].Notify;
        if (notify == DsnNotify.Unspecified) return null;
        if (notify.HasFlag(DsnNotify.Never)) return DeliveryStatusNotification.Never;
        DeliveryStatusNotification value = 0;
        if (notify.HasFlag(DsnNotify.Success)) value |= DeliveryStatusNotification.Success;
        if (notify.HasFlag(DsnNotify.Failure)) value |= DeliveryStatusNotification.Failure;
        if (notify.HasFlag(DsnNotify.Delay)) value |= DeliveryStatusNotification.Delay;
        return value;
    }

    protected override void OnRecipientAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
        RcptReplies[_recipients[mailbox]] = response;

    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
        RcptReplies[_recipients[mailbox]] = response;

    protected override void OnNoRecipientsAccepted(MimeMessage message) => throw new NoRecipientsAcceptedException();

    /// <summary>The message is relayed as received: no re-encoding (it may be signed).</summary>
    protected override void Prepare(FormatOptions options, MimeMessage message, EncodingConstraint constraint, int maxLineLength)
    {
    }
}

/// <summary>Every RCPT was refused: their replies are in <see cref="RelayingSmtpClient.RcptReplies"/>.</summary>
internal sealed class NoRecipientsAcceptedException() : Exception("no recipient was accepted");
