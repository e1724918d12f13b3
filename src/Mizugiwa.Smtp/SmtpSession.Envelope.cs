using Mizugiwa.Core;

namespace Mizugiwa.Smtp;

/// <summary>MAIL FROM and RCPT TO with their ESMTP parameters (SIZE, BODY, SMTPUTF8, DSN).</summary>
internal sealed partial class SmtpSession
{
    private SmtpReply Mail(string argument)
    {
        var reply = ParseMail(argument, out var transaction);
        if (transaction is not null)
        {
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
                    break; // RFC 4954 §5: we do not trust an unauthenticated AUTH= and simply ignore it.
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
        var (reply, recipient) = await CheckRecipientAsync(argument, transaction);
        if (reply.IsSuccess)
        {
            transaction.AcceptedRcptCount++;
            _phase = SessionPhase.RcptGiven;
        }
        LogDecision("RCPT", transaction.Sender, recipient ?? argument, "", reply);
        return reply;
    }

    private async ValueTask<(SmtpReply, string?)> CheckRecipientAsync(string argument, MailTransaction transaction)
    {
        if (transaction.AcceptedRcptCount >= _options.MaxRecipients) return (Replies.TooManyRecipients, null);
        var path = PathArgument.TryParse(argument, "TO", out var error);
        if (path is null) return (Replies.SyntaxError(error!), null);

        var notify = DsnNotify.Unspecified;
        string? orcpt = null;
        foreach (var (name, value) in path.Parameters)
        {
            switch (name.ToUpperInvariant())
            {
                case "NOTIFY":
                    var parsed = ParseNotify(value);
                    if (parsed is null) return (Replies.BadParameter("NOTIFY=NEVER or a list of SUCCESS,FAILURE,DELAY"), null);
                    notify = parsed.Value;
                    break;
                case "ORCPT":
                    int semicolon = value?.IndexOf(';') ?? -1;
                    if (semicolon <= 0 || !Xtext.IsValid(value![(semicolon + 1)..])) return (Replies.BadParameter("ORCPT=addr-type;xtext"), null);
                    orcpt = value;
                    break;
                default:
                    return (Replies.UnsupportedParameter(name), null);
            }
        }

        IReadOnlyList<string> mailboxes;
        string display;
        if (path.Path.Equals("postmaster", StringComparison.OrdinalIgnoreCase))
        {
            // RFC 5321 §4.1.1.3: <Postmaster> without a domain must be accepted.
            mailboxes = ["postmaster"];
            display = "postmaster";
        }
        else
        {
            var address = SmtpAddress.TryParse(path.Path, allowUtf8: true, out var addressError);
            if (address is null) return (Replies.BadRecipient(addressError!), path.Path);
            if (!transaction.SmtpUtf8 && !System.Text.Ascii.IsValid(path.Path)) return (Replies.Utf8NeedsSmtputf8, path.Path);
            display = address.ToString();
            RecipientResolution resolution;
            try
            {
                resolution = await services.Directory.ResolveAsync(address, services.SessionEnd);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                SmtpLog.DirectoryError(services.Logger, sessionId, _clientAddress, e.Message);
                return (Replies.LocalError, display);
            }
            switch (resolution.Status)
            {
                case RecipientStatus.NotLocal: return (Replies.RelayDenied(display), display);
                case RecipientStatus.UnknownUser: return (Replies.UnknownUser(display), display);
            }
            mailboxes = resolution.Mailboxes;
        }

        foreach (var mailbox in mailboxes)
        {
            if (transaction.Recipients.Exists(r => r.Mailbox == mailbox)) continue;
            transaction.Recipients.Add(new EnvelopeRecipient { Address = display, Mailbox = mailbox, Notify = notify, OriginalRecipient = orcpt });
        }
        return (Replies.RecipientOk, display);
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
