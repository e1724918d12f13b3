using Microsoft.Extensions.Logging;
using Mizugiwa.Core;
using Mizugiwa.Milter.Protocol;
using Mizugiwa.Smtp;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Milter;

/// <summary>
/// Judges a message at its end of body with the content level the SMTP listener uses at end of DATA
/// (<see cref="IContentFilter"/>, the same scan, scores and filter modes), and turns its answer into milter
/// replies. Like the SMTP listener it accepts unscanned what it does not scan (content level off, a trusted or
/// authenticated client, a message over Content:MaxScanSize) and what it cannot scan (the scan or a store it
/// needs fails): a broken filter must not stop the mail.
/// </summary>
internal sealed class MilterJudge(IContentFilter? filter, IRecipientDirectory directory, MilterOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>The route given to recipients the directory does not know: the content level treats them as relayed (label mode).</summary>
    public const string ExternalRoute = "milter";

    public async Task<MilterDecision> JudgeAsync(MilterSession session, string id, CancellationToken cancellationToken)
    {
        var transaction = session.Transaction ?? throw new InvalidOperationException("no message to judge");
        if (filter is null) return MilterDecision.Unscanned("the content level is off (Content:Enabled)");
        var context = MilterClient.Context(session, id, options.TrustedNetworks);
        if (filter.SkipReason(context) is { } skipped) return MilterDecision.Unscanned(skipped);
        // Without recipients "every recipient chose reject" would hold for none; Postfix never ends a message so.
        if (transaction.Recipients.Count == 0) return MilterDecision.Unscanned("no recipients");
        if (transaction.Message.TooLarge) return MilterDecision.Unscanned($"{transaction.Message.Size} octets, over Content:MaxScanSize {filter.MaxScanSize}");

        using var timeout = new CancellationTokenSource(options.ScanTimeout, time);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        ContentFilterResult result;
        try
        {
            var recipients = await RecipientsAsync(transaction, limit.Token);
            var message = transaction.Message.Build(Received(session, context, recipients));
            result = await filter.FilterAsync(new ContentFilterRequest(context, transaction.Sender, recipients, message), limit.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var error = timeout.IsCancellationRequested ? $"no verdict within {options.ScanTimeout.TotalSeconds:0.###} s" : e.Message;
            MilterLog.ScanFailed(logger, id, context.ClientAddress.ToString(), error);
            return MilterDecision.Unscanned($"the scan failed ({error})");
        }

        if (result.Rejection is { } rejection)
        {
            var reply = rejection.ToString();
            return new MilterDecision([MilterReply.ReplyCode(reply)], reply, result.LogText, result.Action);
        }
        if (result.Action == ContentFilterResult.NotScanned) return new MilterDecision([MilterReply.Continue], MilterDecision.Accepted(), result.LogText, result.Action);
        try
        {
            var leadingSpace = session.Agreed.HasFlag(MilterSteps.HeaderLeadingSpace);
            var body = BodyEdits(session, result, leadingSpace, id, context);
            var (edits, deleted, added) = MilterHeaderEdits.For(transaction.Message.Headers, MilterHeaderEdits.ChooseLabel(result.Recipients),
                options.ClaimsOurAuthServId, leadingSpace);
            // The body first: Postfix takes header edits after a body replacement, but no second body replacement after them.
            return new MilterDecision([.. body, .. edits, MilterReply.Continue],
                MilterDecision.Accepted($"+{added} -{deleted} headers{(body.Count > 0 ? ", body replaced" : "")}"), result.LogText, result.Action);
        }
        catch (FormatException e)
        {
            MilterLog.ScanFailed(logger, id, context.ClientAddress.ToString(), $"the label cannot be written as header edits: {e.Message}");
            return MilterDecision.Unscanned("the label cannot be written as header edits");
        }
    }

    /// <summary>The edits that carry a rewritten body (attachments stripped) to the MTA's copy, when it lets us replace bodies.</summary>
    private List<MilterPacket> BodyEdits(MilterSession session, ContentFilterResult result, bool leadingSpace, string id, SessionContext context)
    {
        if (result.ReplacementMessage is not { } rewritten) return [];
        var edits = MilterBodyReplacement.For(session.Transaction!.Message, rewritten.Span, leadingSpace);
        if (edits.Count == 0 || session.Actions.HasFlag(MilterActions.ChangeBody)) return edits;
        MilterLog.BodyNotReplaced(logger, id, context.ClientAddress.ToString());
        return [];
    }

    /// <summary>
    /// The envelope recipients as the SMTP listener would have them: a local address becomes one recipient per
    /// mailbox it reaches (so their filter modes count), anything else one recipient labelled like a relayed one.
    /// Whether an address exists is the MTA's business; it was accepted there.
    /// </summary>
    private async Task<List<EnvelopeRecipient>> RecipientsAsync(MilterTransaction transaction, CancellationToken cancellationToken)
    {
        var recipients = new List<EnvelopeRecipient>(transaction.Recipients.Count);
        foreach (var text in transaction.Recipients)
        {
            var address = SmtpAddress.TryParse(text, allowUtf8: true, out _);
            var resolution = address is null ? RecipientResolution.NotLocal : await directory.ResolveAsync(address, cancellationToken);
            if (resolution.Status == RecipientStatus.Local)
                recipients.AddRange(resolution.Mailboxes.Select(mailbox => new EnvelopeRecipient { Address = text, Mailbox = mailbox }));
            else
                recipients.Add(new EnvelopeRecipient { Address = text, Mailbox = text, Route = ExternalRoute });
        }
        return recipients;
    }

    /// <summary>
    /// The Received header the scanned copy starts with, as on the SMTP listener: the MTA does not show its own to
    /// milters, and the analyzers expect the receiving hop on top. It is not added to the delivered message.
    /// </summary>
    private byte[] Received(MilterSession session, SessionContext context, IReadOnlyList<EnvelopeRecipient> recipients)
    {
        var addresses = recipients.Select(r => r.Address).Distinct().ToList();
        return ReceivedHeader.Build(session.Helo ?? context.ClientAddress.ToString(), context.ClientAddress.ToString(), context.ClientName,
            session.Macros.Get("j") is { Length: > 0 } mta ? mta : options.HostName, esmtp: true, smtpUtf8: false, tls: null,
            session.Macros.Get("i") ?? "", addresses.Count == 1 ? addresses[0] : null, time.GetUtcNow(),
            session.Macros.Get("auth_authen") is { Length: > 0 } user ? user : null);
    }
}
