using Mizugiwa.Core;
using Mizugiwa.Smtp.Checks;
using Mizugiwa.Smtp.Gateway;

namespace Mizugiwa.Smtp;

/// <summary>RCPT for a relay domain (gateway mode, docs/GATEWAY.md): accepted from anyone, routed to the next hop.</summary>
internal sealed partial class SmtpSession
{
    private static SmtpReply RelayVerifyDeferred(string address) =>
        new(450, "4.4.0", $"<{address}>: Recipient address rejected: unverified address, try again later");

    /// <summary>
    /// Verification first (the harvest guard must see unknown users), then the checks, so that a
    /// deferred or blocked client learns nothing about which users exist; then the answer.
    /// </summary>
    private async ValueTask<RecipientOutcome> EvaluateRelayRecipientAsync(IRelayRecipients relay, SmtpAddress address, string display,
        MailTransaction transaction, DsnNotify notify, string? orcpt)
    {
        if (await CheckRecipientLimitAsync(transaction) is { } overLimit) return new(overLimit, display);
        RelayAnswer? answer;
        try
        {
            answer = await relay.VerifyAsync(address, services.SessionEnd);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            SmtpLog.DirectoryError(services.Logger, sessionId, ClientText, e.Message);
            return new(Replies.LocalError, display);
        }
        if (answer is null) return new(Replies.LocalError, display);
        var status = answer.Verdict == RelayVerdict.Unknown ? RecipientStatus.UnknownUser : RecipientStatus.Local;
        var verdict = await services.Policy.OnRcptAsync(new RcptContext(Context, address, display, status), services.SessionEnd);
        if (verdict.IsFailure) return new(verdict.Reply ?? Replies.AccessDenied, display, verdict);
        var slow = verdict.Delay > TimeSpan.Zero ? verdict : null;
        if (answer.Verdict == RelayVerdict.Unknown) return new(Replies.UnknownUser(display), display, slow);
        if (answer.Verdict == RelayVerdict.Temporary) return new(RelayVerifyDeferred(display), display, slow);

        if (!transaction.Recipients.Exists(r => r.Route == answer.Route && r.Mailbox == display))
            transaction.Recipients.Add(new EnvelopeRecipient { Address = display, Mailbox = display, Route = answer.Route, Notify = notify, OriginalRecipient = orcpt });
        foreach (var header in verdict.Headers)
            if (!transaction.Headers.Contains(header)) transaction.Headers.Add(header);
        return new(Replies.RecipientOk, display, verdict.Check is null ? null : verdict);
    }
}
