using System.Text;
using Microsoft.Extensions.Logging;
using Mizugiwa.Core;
using Mizugiwa.Delivery.Outbound;

namespace Mizugiwa.Delivery.Forwarding;

/// <summary>
/// Final delivery to a local mailbox that may forward. With forwarding on, one copy for all targets
/// goes back into the queue (local targets are delivered to their Maildirs, remote ones through the
/// outbound agent with its retries and DSNs), with a Delivered-To naming the mailbox, the recipient's
/// own labels, and the envelope sender rewritten with SRS; the mailbox keeps its own copy only when it
/// asked to. Not forwarded, but kept in the mailbox: spam the filter put into Junk (we do not relay
/// spam), and loops (the mailbox's Delivered-To is already there, or too many Received headers).
/// </summary>
/// <remarks>
/// The copy is committed to the queue and noted in the message's <c>.done</c> record before the
/// recipient counts as delivered: a crash in between forwards twice, never not at all; a retry of the
/// kept copy does not forward again.
/// </remarks>
internal sealed class MailForwarder(
    IMessageSpool spool, ForwardingServices forwarding, IRecipientDirectory? directory, LocalDelivery local,
    IDecisionLog? decisions, TimeProvider time, ILogger logger)
{
    public const string ForwardedPrefix = "forwarded\t";

    public async Task<RecipientResult> DeliverAsync(MessageEnvelope envelope, EnvelopeRecipient recipient, OutboundMessage content, DeliveryLog log, CancellationToken cancellationToken)
    {
        var mailbox = recipient.Mailbox;
        Core.Forwarding settings;
        try
        {
            settings = mailbox.Contains('@', StringComparison.Ordinal) ? await forwarding.Directory.GetForwardingAsync(mailbox, cancellationToken) : Core.Forwarding.None;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return RecipientResult.Deferred("4.3.0", $"cannot read the forwarding of {mailbox}: {e.Message}");
        }
        if (!settings.IsActive) return await DeliverLocallyAsync(envelope, recipient, content, cancellationToken);

        if (recipient.Folder is { } folder)
        {
            Record(envelope, recipient, "not forwarded", $"held in {folder} as spam; spam is not forwarded");
            return await DeliverLocallyAsync(envelope, recipient, content, cancellationToken);
        }
        var header = await HeaderBlock.ReadAsync(content.ContentPath, content.ContentLength, cancellationToken);
        if (ForwardingTrace.LoopReason(header, mailbox, forwarding.MaxReceivedHops) is { } loop)
        {
            logger.LogWarning("queue={QueueId} mailbox={Mailbox} not forwarded ({Reason}); kept in the mailbox", envelope.QueueId, mailbox, loop);
            Record(envelope, recipient, "not forwarded", loop);
            return await DeliverLocallyAsync(envelope, recipient, content, cancellationToken);
        }

        var key = ForwardedPrefix + RecipientKey.Of(recipient);
        if (!log.Delivered.Contains(key))
        {
            try
            {
                var targets = await TargetsAsync(envelope, settings.Targets, cancellationToken);
                if (targets.Count > 0) await QueueCopyAsync(envelope, recipient, content, targets, cancellationToken);
                await log.AppendAsync(key);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                return RecipientResult.Deferred("4.3.0", $"cannot queue the forwarded copy for {mailbox}: {e.Message}");
            }
        }
        if (settings.KeepCopy) return await DeliverLocallyAsync(envelope, recipient, content, cancellationToken);
        return new RecipientResult(RecipientOutcome.Delivered, "2.0.0", $"forwarded to {string.Join(", ", settings.Targets)}");
    }

    private Task<RecipientResult> DeliverLocallyAsync(MessageEnvelope envelope, EnvelopeRecipient recipient, OutboundMessage content, CancellationToken cancellationToken) =>
        local.DeliverAsync(recipient, envelope.Sender, content, cancellationToken);

    /// <summary>Each target as a queue recipient: a local address to its mailboxes, another domain's through its MX. Unknown local ones are logged and left out.</summary>
    private async Task<List<(string Target, EnvelopeRecipient Recipient)>> TargetsAsync(MessageEnvelope envelope, IReadOnlyList<string> targets, CancellationToken cancellationToken)
    {
        var result = new List<(string, EnvelopeRecipient)>();
        foreach (var target in targets)
        {
            var address = SmtpAddress.TryParse(target, allowUtf8: true, out var error);
            if (address is null)
            {
                logger.LogWarning("queue={QueueId} forwarding target <{Target}> is no address ({Error})", envelope.QueueId, target, error);
                continue;
            }
            var resolution = directory is null ? RecipientResolution.NotLocal : await directory.ResolveAsync(address, cancellationToken);
            switch (resolution.Status)
            {
                case RecipientStatus.Local:
                    foreach (var mailbox in resolution.Mailboxes.Where(m => !result.Exists(r => r.Item2.Route is null && r.Item2.Mailbox == m)))
                        result.Add((target, new EnvelopeRecipient { Address = target, Mailbox = mailbox }));
                    break;
                case RecipientStatus.NotLocal:
                    result.Add((target, new EnvelopeRecipient { Address = target, Mailbox = address.ToString(), Route = Routes.Mx }));
                    break;
                default:
                    logger.LogWarning("queue={QueueId} forwarding target <{Target}> is an unknown local address; not forwarded there", envelope.QueueId, target);
                    break;
            }
        }
        return result;
    }

    private async Task QueueCopyAsync(MessageEnvelope envelope, EnvelopeRecipient recipient, OutboundMessage content,
        List<(string Target, EnvelopeRecipient Recipient)> targets, CancellationToken cancellationToken)
    {
        var domain = recipient.Mailbox[(recipient.Mailbox.LastIndexOf('@') + 1)..];
        var sender = forwarding.Srs?.Forward(envelope.Sender, domain) ?? envelope.Sender;
        await using var copy = await spool.CreateAsync(cancellationToken);
        var start = copy.Content.Position;
        var forwarded = await RecipientCopy.MakeAsync(content, $"{ForwardingTrace.DeliveredTo}: {recipient.Mailbox}\r\n{recipient.AddedHeaders}", recipient.SubjectTag, cancellationToken);
        await using (var source = forwarded.OpenContent()) await source.CopyToAsync(copy.Content, cancellationToken);
        await copy.CommitAsync(new MessageEnvelope
        {
            QueueId = copy.QueueId,
            ReceivedAt = time.GetUtcNow(),
            ClientAddress = "127.0.0.1",
            ClientHelo = envelope.ClientHelo,
            Sender = sender,
            Ret = envelope.Ret,
            EnvId = envelope.EnvId,
            Body = envelope.Body,
            SmtpUtf8 = envelope.SmtpUtf8,
            Size = copy.Content.Position - start,
            Recipients = [.. targets.Select(t => t.Recipient)],
        }, cancellationToken);
        logger.LogInformation("queue={QueueId} mailbox={Mailbox} forwarded to {Targets} as queue={CopyId} from=<{Sender}>",
            envelope.QueueId, recipient.Mailbox, string.Join(",", targets.Select(t => $"<{t.Target}>").Distinct()), copy.QueueId, sender);
        foreach (var target in targets.Select(t => t.Target).Distinct(StringComparer.OrdinalIgnoreCase))
            Record(envelope, recipient, $"forwarded to {target}", $"queue={copy.QueueId} sender=<{sender}>");
    }

    private void Record(MessageEnvelope envelope, EnvelopeRecipient recipient, string reply, string detail) =>
        decisions?.Record(new DecisionRecord(time.GetUtcNow(), envelope.QueueId, "DELIVERY", "", null, null, envelope.Sender, recipient.Address,
            "forward", detail, reply, envelope.QueueId));
}
