using Mizugiwa.Core;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Smtp;

/// <summary>MAIL FROM and RCPT TO with their ESMTP parameters (SIZE, BODY, SMTPUTF8, DSN).</summary>
internal sealed partial class SmtpSession
{
    private async ValueTask<SmtpReply> MailAsync(string argument)
    {
        MailTransaction? transaction = null;
        var reply = AuthRequiredRefusal() ?? ParseMail(argument, out transaction);
        if (transaction is not null && await CheckAuthenticatedSenderAsync(transaction) is { } refusal)
        {
            reply = refusal;
            transaction = null;
        }
        if (transaction is not null)
        {
            Context.Sender = transaction.Sender;
            var verdict = await services.Policy.OnMailAsync(Context, services.SessionEnd);
            if (verdict.IsFailure)
            {
                Context.Sender = null;
                return await ApplyFailureAsync("MAIL", transaction.Sender, "", verdict);
            }
            _transaction = transaction;
            _phase = SessionPhase.MailGiven;
        }
        LogDecision("MAIL", transaction?.Sender ?? argument, "", "", reply);
        return reply;
    }

    private SmtpReply ParseMail(string argument, out MailTransaction? transaction)
    {
        transaction = null;
        var path = PathArgument.TryParse(argument, "FROM", out var error);
        if (path is null) return Replies.SyntaxError(error!);

        bool smtpUtf8 = false;
        string? body = null, envId = null;
        var ret = DsnReturn.Unspecified;
        foreach (var (name, value) in path.Parameters)
        {
            switch (name.ToUpperInvariant())
            {
                case "SIZE":
                    if (!long.TryParse(value, System.Globalization.NumberStyles.None, null, out var size)) return Replies.BadParameter("SIZE=number");
                    if (size > _options.MaxMessageSize) return Replies.SizeExceeded;
                    break;
                case "BODY":
                    if (value?.ToUpperInvariant() is not ("7BIT" or "8BITMIME")) return Replies.BadParameter("BODY=7BIT or BODY=8BITMIME");
                    body = value.ToUpperInvariant();
                    break;
                case "SMTPUTF8":
                    if (value is not null) return Replies.BadParameter("SMTPUTF8 takes no value");
                    smtpUtf8 = true;
                    break;
                case "RET":
                    ret = value?.ToUpperInvariant() switch
                    {
                        "FULL" => DsnReturn.Full,
                        "HDRS" => DsnReturn.Headers,
                        _ => DsnReturn.Unspecified,
                    };
                    if (ret == DsnReturn.Unspecified) return Replies.BadParameter("RET=FULL or RET=HDRS");
                    break;
                case "ENVID":
                    if (value is null || value.Length > 100 || !Xtext.IsValid(value)) return Replies.BadParameter("ENVID must be xtext of at most 100 characters");
                    envId = value;
                    break;
                case "AUTH":
                    // RFC 4954 §5: AUTH=<> or an xtext mailbox. We never relay on its word, so after checking
                    // the syntax it is ignored; the Received header names the user who authenticated here.
                    if (value is null || (value != "<>" && !Xtext.IsValid(value))) return Replies.BadParameter("AUTH=<> or AUTH=xtext");
                    break;
                default:
                    return Replies.UnsupportedParameter(name);
            }
        }

        string sender = "";
        if (path.Path.Length > 0)
        {
            var address = SmtpAddress.TryParse(path.Path, allowUtf8: true, out var addressError);
            if (address is null) return Replies.BadSender(addressError!);
            if (!smtpUtf8 && !System.Text.Ascii.IsValid(path.Path)) return Replies.Utf8NeedsSmtputf8;
            sender = address.ToString();
        }
        transaction = new MailTransaction { Sender = sender, Ret = ret, EnvId = envId, Body = body, SmtpUtf8 = smtpUtf8 };
        return Replies.SenderOk;
    }

    private async ValueTask<SmtpReply> RcptAsync(string argument)
    {
        var transaction = _transaction!;
        var outcome = await EvaluateRecipientAsync(argument, transaction);
        if (outcome.Reply.IsSuccess)
        {
            transaction.AcceptedRcptCount++;
            _phase = SessionPhase.RcptGiven;
        }
        else if (outcome.Reply.Code == 550 && outcome.Reply.EnhancedCode == "5.1.1") transaction.UnknownRcptCount++;
        else transaction.RefusedRcptCount++;
        LogDecision("RCPT", transaction.Sender, outcome.Display ?? argument, "", outcome.Reply, outcome.Verdict);
        if (outcome.Verdict is { Delay.Ticks: > 0 } slow) await Task.Delay(slow.Delay, services.Time, services.SessionEnd);
        if (outcome.Verdict is { Disconnects: true } last) throw new SessionEndException(outcome.Reply, $"disconnected by {last.Check}");
        return outcome.Reply;
    }

    /// <summary>An authenticated user, or a client (as XCLIENT or PROXY gave it) in the relay networks.</summary>
    private bool MayRelay => _authUser is not null || _options.RelayNetworks.Any(n => n.Contains(_clientIp));

    private readonly record struct RecipientOutcome(SmtpReply Reply, string? Display, Verdict? Verdict = null);

    /// <summary>
    /// Order: syntax, relay (not ours → 554), then the checks (a deferred or blocked client learns
    /// nothing about which users exist), then "User unknown", a disabled account (5.2.1) or a full
    /// mailbox (4.2.2), then acceptance.
    /// </summary>
    private async ValueTask<RecipientOutcome> EvaluateRecipientAsync(string argument, MailTransaction transaction)
    {
        if (transaction.AcceptedRcptCount >= _options.MaxRecipients) return new(Replies.TooManyRecipients, null);
        var path = PathArgument.TryParse(argument, "TO", out var error);
        if (path is null) return new(Replies.SyntaxError(error!), null);
        var parameterError = ParseRecipientParameters(path, out var notify, out var orcpt);
        if (parameterError is not null) return new(parameterError, null);

        SmtpAddress? address = null;
        RecipientResolution resolution;
        string display;
        if (path.Path.Equals("postmaster", StringComparison.OrdinalIgnoreCase))
        {
            // RFC 5321 §4.1.1.3: <Postmaster> without a domain must be accepted.
            resolution = new RecipientResolution(RecipientStatus.Local, ["postmaster"]);
            display = "postmaster";
        }
        else
        {
            address = SmtpAddress.TryParse(path.Path, allowUtf8: true, out var addressError);
            if (address is null) return new(Replies.BadRecipient(addressError!), path.Path);
            if (!transaction.SmtpUtf8 && !System.Text.Ascii.IsValid(path.Path)) return new(Replies.Utf8NeedsSmtputf8, path.Path);
            display = address.ToString();
            if (services.Relay is { } relay && relay.IsRelayDomain(address.Domain))
                return await EvaluateRelayRecipientAsync(relay, address, display, transaction, notify, orcpt);
            try
            {
                resolution = await services.Directory.ResolveAsync(address, services.SessionEnd);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                SmtpLog.DirectoryError(services.Logger, sessionId, ClientText, e.Message);
                return new(Replies.LocalError, display);
            }
            if (resolution.Status == RecipientStatus.NotLocal && !MayRelay) return new(Replies.RelayDenied(display), display);
            if (resolution.Status == RecipientStatus.UnknownUser && services.Srs is { } srs && SenderRewriting.IsSrs(address.LocalPart))
                return await EvaluateSrsRecipientAsync(srs, address, display, transaction, notify, orcpt);
        }
        if (await CheckRecipientLimitAsync(transaction) is { } overLimit) return new(overLimit, display);

        var verdict = await services.Policy.OnRcptAsync(new RcptContext(Context, address, display, resolution.Status) { Mailboxes = resolution.Mailboxes }, services.SessionEnd);
        if (verdict.IsFailure) return new(verdict.Reply ?? Replies.AccessDenied, display, verdict);
        if (resolution.Status == RecipientStatus.UnknownUser) return new(Replies.UnknownUser(display), display, verdict.Delay > TimeSpan.Zero ? verdict : null);
        if (resolution.Status == RecipientStatus.Disabled) return new(Replies.MailboxDisabled(display), display);
        if (resolution.Status == RecipientStatus.MailboxFull) return new(Replies.MailboxFull(display), display);

        if (resolution.Status == RecipientStatus.NotLocal)
        {
            // Only a client that may relay gets here: the recipient is delivered through its domain's MX.
            if (!transaction.Recipients.Exists(r => r.Route == Routes.Mx && r.Mailbox == display))
                transaction.Recipients.Add(OutboundRecipient(display, notify, orcpt));
        }
        foreach (var mailbox in resolution.Mailboxes)
        {
            if (transaction.Recipients.Exists(r => r.Mailbox == mailbox)) continue;
            transaction.Recipients.Add(new EnvelopeRecipient { Address = display, Mailbox = mailbox, Notify = notify, OriginalRecipient = orcpt });
        }
        foreach (var header in verdict.Headers)
            if (!transaction.Headers.Contains(header)) transaction.Headers.Add(header);
        return new(Replies.RecipientOk, display, verdict.Check is null ? null : verdict);
    }

    private static SmtpReply? ParseRecipientParameters(PathArgument path, out DsnNotify notify, out string? orcpt)
    {
        notify = DsnNotify.Unspecified;
        orcpt = null;
        foreach (var (name, value) in path.Parameters)
        {
            switch (name.ToUpperInvariant())
            {
                case "NOTIFY":
                    var parsed = ParseNotify(value);
                    if (parsed is null) return Replies.BadParameter("NOTIFY=NEVER or a list of SUCCESS,FAILURE,DELAY");
                    notify = parsed.Value;
                    break;
                case "ORCPT":
                    int semicolon = value?.IndexOf(';') ?? -1;
                    if (semicolon <= 0 || !Xtext.IsValid(value![(semicolon + 1)..])) return Replies.BadParameter("ORCPT=addr-type;xtext");
                    orcpt = value;
                    break;
                default:
                    return Replies.UnsupportedParameter(name);
            }
        }
        return null;
    }

    private static DsnNotify? ParseNotify(string? value)
    {
        if (value is null) return null;
        var result = DsnNotify.Unspecified;
        foreach (var item in value.ToUpperInvariant().Split(','))
        {
            result |= item switch
            {
                "NEVER" => DsnNotify.Never,
                "SUCCESS" => DsnNotify.Success,
                "FAILURE" => DsnNotify.Failure,
                "DELAY" => DsnNotify.Delay,
                _ => (DsnNotify)(-1),
            };
            if ((int)result < 0) return null;
        }
        // RFC 3461 §4.1: NEVER must stand alone.
        if (result.HasFlag(DsnNotify.Never) && result != DsnNotify.Never) return null;
        return result;
    }
}
