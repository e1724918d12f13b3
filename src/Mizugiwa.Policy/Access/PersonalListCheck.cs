using Mizugiwa.Core;
using Mizugiwa.Smtp;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.Access;

/// <summary>
/// A recipient's personal deny list at RCPT: a sender the user blocked is refused for that user
/// (550 5.7.1), whatever else the checks say; other recipients of the same message are not affected.
/// It runs first, so not even a trusted client can deliver what the user refused.
/// </summary>
public sealed class PersonalListCheck(IRecipientDirectory directory, IPersonalLists lists) : IRcptCheck
{
    public string Name => "personal-list";

    public async ValueTask<Verdict> CheckRcptAsync(RcptContext rcpt, CancellationToken cancellationToken)
    {
        if (rcpt.Status != RecipientStatus.Local || rcpt.Recipient is null || string.IsNullOrEmpty(rcpt.Session.Sender)) return Verdict.Continue;
        var mailboxes = rcpt.Mailboxes.Count > 0 ? rcpt.Mailboxes : (await directory.ResolveAsync(rcpt.Recipient, cancellationToken)).Mailboxes;
        foreach (var mailbox in mailboxes)
        {
            if (await lists.FindSenderAsync(mailbox, rcpt.Session.Sender, cancellationToken) == PersonalListKind.Deny)
                return Verdict.Reject(new SmtpReply(550, "5.7.1", "The recipient does not accept mail from this sender"), Name, mailbox);
        }
        return Verdict.Continue;
    }
}
