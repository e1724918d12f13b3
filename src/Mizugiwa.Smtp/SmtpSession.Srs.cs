using Mizugiwa.Core;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Smtp;

/// <summary>
/// RCPT to one of our SRS0 addresses (docs/FORWARDING.md): a bounce of a message we forwarded. A valid
/// one is accepted from anyone and goes to the original sender (its local mailboxes, or its domain's
/// MX); a forged, malformed or expired one is "User unknown" (550 5.1.1), and counts as such for the
/// harvest guard.
/// </summary>
internal sealed partial class SmtpSession
{
    private static SmtpReply SrsRefused(string address, string why) => new(550, "5.1.1", $"<{address}>: Recipient address rejected: {why}");

    private async ValueTask<RecipientOutcome> EvaluateSrsRecipientAsync(SenderRewriting srs, SmtpAddress address, string display,
        MailTransaction transaction, DsnNotify notify, string? orcpt)
    {
        if (await CheckRecipientLimitAsync(transaction) is { } overLimit) return new(overLimit, display);
        var reversal = srs.Reverse(address.LocalPart);
        var resolution = RecipientResolution.Unknown;
        if (reversal.Original is { } original)
        {
            try
            {
                resolution = await services.Directory.ResolveAsync(original, services.SessionEnd);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                SmtpLog.DirectoryError(services.Logger, sessionId, ClientText, e.Message);
                return new(Replies.LocalError, display);
            }
        }
        var status = resolution.Status == RecipientStatus.UnknownUser ? RecipientStatus.UnknownUser : RecipientStatus.Local;
        var verdict = await services.Policy.OnRcptAsync(new RcptContext(Context, address, display, status) { Mailboxes = resolution.Mailboxes }, services.SessionEnd);
        if (verdict.IsFailure) return new(verdict.Reply ?? Replies.AccessDenied, display, verdict);
        var slow = verdict.Delay > TimeSpan.Zero ? verdict : null;
        if (reversal.Error is { } error) return new(SrsRefused(display, error), display, slow);
        if (resolution.Status == RecipientStatus.UnknownUser) return new(SrsRefused(display, "the original sender no longer exists"), display, slow);

        var to = reversal.Original!.ToString();
        if (resolution.Status == RecipientStatus.NotLocal && !transaction.Recipients.Exists(r => r.Route == Routes.Mx && r.Mailbox == to))
            transaction.Recipients.Add(new EnvelopeRecipient { Address = display, Mailbox = to, Route = Routes.Mx, Notify = notify, OriginalRecipient = orcpt });
        foreach (var mailbox in resolution.Mailboxes.Where(m => !transaction.Recipients.Exists(r => r.Route is null && r.Mailbox == m)))
            transaction.Recipients.Add(new EnvelopeRecipient { Address = display, Mailbox = mailbox, Notify = notify, OriginalRecipient = orcpt });
        foreach (var header in verdict.Headers)
            if (!transaction.Headers.Contains(header)) transaction.Headers.Add(header);
        return new(Replies.RecipientOk, display, verdict.Check is null ? null : verdict);
    }
}
