using Microsoft.Extensions.Logging;
using MimeKit;
using Mizugiwa.Core;
using Mizugiwa.Delivery.Outbound;

namespace Mizugiwa.Delivery.Dsn;

/// <summary>
/// Queues DSNs: from the null sender, to the original envelope sender, through the same queue (a
/// local sender gets it in its Maildir, a remote one through the outbound agent). Never to the
/// null sender: a failure of a message from &lt;&gt; is a double bounce, logged and dropped, or
/// given to the local postmaster when <see cref="OutboundOptions.DropDoubleBounces"/> is off.
/// </summary>
/// <remarks>A DSN to one of our SRS0 addresses (a forwarded copy failed) goes straight to the original sender it stands for.</remarks>
public sealed class DsnSender(IMessageSpool spool, IRecipientDirectory directory, OutboundOptions options, TimeProvider time, ILogger logger, SenderRewriting? srs = null)
{
    public const string Postmaster = "postmaster";

    /// <summary>Hard limit for returning a whole message even with RET=FULL.</summary>
    public const long MaxReturnedBytes = 10 * 1024 * 1024;

    private readonly DsnBuilder _builder = new(options.HostName, time);

    /// <summary>Queues one DSN for <paramref name="reports"/> (all of one action); returns its queue id, or null when none was sent.</summary>
    public async Task<string?> SendAsync(OutboundMessage original, IReadOnlyList<DsnRecipientReport> reports, CancellationToken cancellationToken)
    {
        if (reports.Count == 0) return null;
        var envelope = original.Envelope;
        var action = reports[0].Action;
        string to = Unwrap(envelope.Sender);
        var targets = to.Length == 0 ? null : await ResolveAsync(to, cancellationToken);
        if (targets is null)
        {
            if (action != DsnAction.Failed) return null;
            string why = envelope.Sender.Length == 0 ? "the sender is <>" : $"the sender <{envelope.Sender}> is an unknown local address";
            bool toPostmaster = !options.DropDoubleBounces && !reports.All(r => r.Recipient.Route is null && r.Recipient.Mailbox == Postmaster);
            if (!toPostmaster)
            {
                logger.LogWarning("queue={QueueId} dsn=dropped double bounce ({Why}) for {Recipients}", envelope.QueueId, why,
                    string.Join(",", reports.Select(r => $"<{r.Recipient.Address}> {r.Result.Status}")));
                return null;
            }
            targets = [new EnvelopeRecipient { Address = Postmaster, Mailbox = Postmaster }];
            to = Postmaster;
        }
        bool full = action == DsnAction.Failed && envelope.Ret switch
        {
            DsnReturn.Full => original.ContentLength <= MaxReturnedBytes,
            DsnReturn.Headers => false,
            _ => original.ContentLength <= options.ReturnFullMaxBytes,
        };
        var dsn = _builder.Build(original, reports, to, full);
        string id = await QueueAsync(dsn, targets, cancellationToken);
        logger.LogInformation("queue={QueueId} dsn={Action} to=<{To}> dsn_queue={DsnQueueId} recipients={Count}",
            envelope.QueueId, action.ToString().ToLowerInvariant(), to, id, reports.Count);
        return id;
    }

    /// <summary>The original sender behind one of our valid SRS0 addresses; any other sender as it is.</summary>
    private string Unwrap(string sender)
    {
        if (srs is null || SmtpAddress.TryParse(sender, allowUtf8: true, out _) is not { } address || !SenderRewriting.IsSrs(address.LocalPart)) return sender;
        return srs.Reverse(address.LocalPart).Original?.ToString() ?? sender;
    }

    /// <summary>Where mail to the sender goes: its local mailboxes, its MX, or null for an unknown local address.</summary>
    private async Task<List<EnvelopeRecipient>?> ResolveAsync(string sender, CancellationToken cancellationToken)
    {
        var address = SmtpAddress.TryParse(sender, allowUtf8: true, out _);
        if (address is null) return null;
        var resolution = await directory.ResolveAsync(address, cancellationToken);
        return resolution.Status switch
        {
            RecipientStatus.Local => [.. resolution.Mailboxes.Select(m => new EnvelopeRecipient { Address = sender, Mailbox = m })],
            RecipientStatus.NotLocal => [new EnvelopeRecipient { Address = sender, Mailbox = sender, Route = Routes.Mx }],
            _ => null,
        };
    }

    private async Task<string> QueueAsync(MimeMessage dsn, List<EnvelopeRecipient> recipients, CancellationToken cancellationToken)
    {
        await using var message = await spool.CreateAsync(cancellationToken);
        long start = message.Content.Position;
        await dsn.WriteToAsync(FormatOptions.Default.WithNewLineDos(), message.Content, cancellationToken);
        await message.CommitAsync(new MessageEnvelope
        {
            QueueId = message.QueueId,
            ReceivedAt = time.GetUtcNow(),
            ClientAddress = "127.0.0.1",
            ClientHelo = options.HostName,
            Sender = "",
            Size = message.Content.Position - start,
            Recipients = recipients,
        }, cancellationToken);
        return message.QueueId;
    }
}

internal static class FormatOptionsExtensions
{
    public static FormatOptions WithNewLineDos(this FormatOptions options)
    {
        var clone = options.Clone();
        clone.NewLineFormat = NewLineFormat.Dos;
        return clone;
    }
}
