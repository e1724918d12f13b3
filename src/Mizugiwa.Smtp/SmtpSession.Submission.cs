using Mizugiwa.Core;
using Mizugiwa.Smtp.Sasl;

namespace Mizugiwa.Smtp;

/// <summary>
/// What an authenticated session may do: relay with route "mx", only from its own addresses, within
/// its hourly limits. A submission listener takes nothing before AUTH.
/// </summary>
internal sealed partial class SmtpSession
{
    /// <summary>At MAIL: a submission listener needs AUTH first (RFC 4954 §6, 530 5.7.0).</summary>
    private SmtpReply? AuthRequiredRefusal() => IsSubmission && _authUser is null ? AuthReplies.AuthenticationRequired : null;

    /// <summary>At MAIL of an authenticated session: sender ownership, then the hourly message limit.</summary>
    private async ValueTask<SmtpReply?> CheckAuthenticatedSenderAsync(MailTransaction transaction)
    {
        if (_authUser is null) return null;
        if (_options.Auth.EnforceSenderOwnership && transaction.Sender.Length > 0)
        {
            var owned = false;
            if (SmtpAddress.TryParse(transaction.Sender, allowUtf8: true, out _) is { } address)
            {
                try
                {
                    var resolution = await services.Directory.ResolveAsync(address, services.SessionEnd);
                    owned = resolution.Status is RecipientStatus.Local or RecipientStatus.MailboxFull // a full mailbox may still send
                        && resolution.Mailboxes.Any(m => m.Equals(_authUser, StringComparison.OrdinalIgnoreCase));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    SmtpLog.DirectoryError(services.Logger, sessionId, ClientText, e.Message);
                    return Replies.LocalError;
                }
            }
            if (!owned) return AuthReplies.SenderNotOwned(transaction.Sender, _authUser);
        }
        return await LimitCheckAsync(limits => limits.MayStartMessageAsync(_authUser, services.SessionEnd), "messages", _options.Auth.MessagesPerHour);
    }

    /// <summary>At RCPT of an authenticated session: the hourly recipient limit.</summary>
    private ValueTask<SmtpReply?> CheckRecipientLimitAsync(MailTransaction transaction) =>
        _authUser is null ? ValueTask.FromResult<SmtpReply?>(null)
            : LimitCheckAsync(limits => limits.MayAddRecipientAsync(_authUser, transaction.AcceptedRcptCount, services.SessionEnd), "recipients", _options.Auth.RecipientsPerHour);

    private async ValueTask<SmtpReply?> LimitCheckAsync(Func<SendingLimits, ValueTask<bool>> allowed, string what, int limit)
    {
        bool ok;
        try
        {
            ok = await allowed(services.Auth!.Limits);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            SmtpLog.StateError(services.Logger, sessionId, ClientText, e.Message);
            return null; // the state store is down: do not stop our own users for that
        }
        if (ok) return null;
        SmtpLog.SendingLimitReached(services.Logger, sessionId, ClientText, _authUser!, what, limit);
        return AuthReplies.SendingLimit(what);
    }

    /// <summary>After a message of an authenticated user was queued: count it against the hourly limits.</summary>
    private async ValueTask RecordSentAsync(MailTransaction transaction)
    {
        if (_authUser is null || services.Auth is null) return;
        try
        {
            await services.Auth.Limits.RecordAsync(_authUser, transaction.AcceptedRcptCount, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            SmtpLog.StateError(services.Logger, sessionId, ClientText, e.Message);
        }
    }

    /// <summary>The recipient of an authenticated user outside our domains: delivered through its domain's MX.</summary>
    private static EnvelopeRecipient OutboundRecipient(string address, DsnNotify notify, string? orcpt) =>
        new() { Address = address, Mailbox = address, Route = Routes.Mx, Notify = notify, OriginalRecipient = orcpt };
}
