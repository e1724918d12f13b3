using Mizugiwa.Policy.Client;
using Mizugiwa.Policy.Pipeline;
using Mizugiwa.Smtp;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.Access;

/// <summary>
/// Allow and deny lists by client address, client name, sender and recipient. An allow entry makes
/// the session trusted (the spam checks leave it alone); a deny entry refuses with 554 5.7.1.
/// Client addresses are checked at connect (no DNS needed), senders at MAIL, client names and
/// recipients at RCPT before held-back verdicts, so an allowed recipient can opt out of them.
/// </summary>
public sealed class AccessCheck(AccessList list) : IConnectCheck, IMailCheck, IRcptExemption
{
    public string Name => "access";

    public async ValueTask<Verdict> CheckConnectAsync(SessionContext session, CancellationToken cancellationToken) =>
        Apply(session, await list.FindAsync(session.ClientAddress, cancellationToken), "Client host rejected");

    public async ValueTask<Verdict> CheckMailAsync(SessionContext session, CancellationToken cancellationToken) =>
        session.Sender is { Length: > 0 } sender
            ? Apply(session, await list.FindAsync(AccessKind.Sender, sender, cancellationToken), $"<{sender}>: Sender address rejected")
            : Verdict.Continue;

    public async ValueTask<Verdict> CheckRcptAsync(RcptContext rcpt, CancellationToken cancellationToken)
    {
        var session = rcpt.Session;
        var recipientRule = await list.FindAsync(AccessKind.Recipient, rcpt.RecipientText, cancellationToken);
        if (recipientRule?.Action == AccessAction.Deny)
            return Refuse(recipientRule, $"<{rcpt.RecipientText}>: Recipient address rejected");
        if (recipientRule is not null) return Verdict.Accept(Name, Describe(recipientRule));
        if (session.TrustedBy is not null) return Verdict.Continue;

        var name = await ClientName.GetAsync(session);
        var nameRule = name is null ? null : await list.FindAsync(AccessKind.ClientName, name, cancellationToken);
        return nameRule is null ? Verdict.Continue : Apply(session, nameRule, "Client host rejected");
    }

    private Verdict Apply(SessionContext session, AccessRule? rule, string what)
    {
        if (rule is null) return Verdict.Continue;
        if (rule.Action == AccessAction.Deny) return Refuse(rule, what);
        session.TrustedBy = Describe(rule);
        return Verdict.Accept(Name, session.TrustedBy);
    }

    private Verdict Refuse(AccessRule rule, string what) =>
        Verdict.Reject(new SmtpReply(554, "5.7.1", $"{what}: Access denied"), Name, Describe(rule));

    private static string Describe(AccessRule rule) => $"{rule.Action.ToString().ToLowerInvariant()} {rule.Kind.ToString().ToLowerInvariant()} {rule.Pattern}";
}
