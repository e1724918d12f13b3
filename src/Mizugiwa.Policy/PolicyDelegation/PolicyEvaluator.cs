using System.Net;
using Mizugiwa.Core;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.PolicyDelegation;

/// <summary>
/// Judges one policy request with the same checks as the SMTP service. Postfix asks at RCPT with
/// everything known so far, so the stages run in one go: connect, HELO, MAIL, RCPT; with delayed
/// rejection a refusal from an earlier stage comes out of the RCPT stage, after the per-recipient
/// exemptions. Postfix sends the verified client name (client_name, "unknown" when there is none), so
/// no PTR lookup is made here. Requests from other protocol states are not judged (DUNNO).
/// </summary>
public sealed class PolicyEvaluator(ISmtpPolicy policy)
{
    public async ValueTask<PolicyDecision> DecideAsync(PolicyRequest request, string sessionId, CancellationToken cancellationToken)
    {
        if (!request.Request.Equals("smtpd_access_policy", StringComparison.Ordinal))
            return PolicyDecision.NotJudged($"request type '{PolicyRequestParser.Printable(request.Request)}' is not smtpd_access_policy");
        if (!request.ProtocolState.Equals("RCPT", StringComparison.OrdinalIgnoreCase))
            return PolicyDecision.NotJudged($"protocol_state {PolicyRequestParser.Printable(request.ProtocolState)}: only RCPT is judged");
        if (!IPAddress.TryParse(request.ClientAddress, out var address))
            return PolicyDecision.NotJudged($"client_address '{PolicyRequestParser.Printable(request.ClientAddress)}' is not an IP address");

        var session = Session(request, sessionId, address);
        try
        {
            return await JudgeAsync(request, session, cancellationToken);
        }
        finally
        {
            await policy.OnSessionEndAsync(session, CancellationToken.None);
        }
    }

    private async ValueTask<PolicyDecision> JudgeAsync(PolicyRequest request, SessionContext session, CancellationToken cancellationToken)
    {
        var passed = new List<Verdict>(4);
        var verdict = await policy.OnConnectAsync(session, cancellationToken);
        if (!verdict.IsFailure)
        {
            passed.Add(verdict);
            verdict = await policy.OnHeloAsync(session, cancellationToken);
        }
        if (!verdict.IsFailure)
        {
            passed.Add(verdict);
            verdict = await policy.OnMailAsync(session, cancellationToken);
        }
        if (!verdict.IsFailure)
        {
            passed.Add(verdict);
            verdict = await policy.OnRcptAsync(Rcpt(session, request.Recipient), cancellationToken);
        }
        if (verdict.IsFailure) return new PolicyDecision(PolicyActions.From(verdict), session, verdict);
        passed.Add(verdict);

        // A pass: the last stage that named a check (e.g. trusted-networks at connect) is the one to log;
        // the headers of all stages go with it.
        var decisive = passed.LastOrDefault(v => v.Check is not null) ?? Verdict.Continue;
        var final = decisive with { Headers = [.. passed.SelectMany(v => v.Headers).Distinct()] };
        return new PolicyDecision(PolicyActions.From(final), session, final);
    }

    private static SessionContext Session(PolicyRequest request, string sessionId, IPAddress address)
    {
        var session = new SessionContext(sessionId, ClientAddress.Unmapped(address))
        {
            Helo = request.HeloName.Length == 0 ? null : request.HeloName,
            Authenticated = request.SaslUsername.Length > 0,
        };
        if (request.Attributes.ContainsKey("client_name"))
        {
            // Postfix's own FCrDNS result; the name lookup the pipeline would start finds it already done.
            string? name = request.ClientName.Length == 0 ? Client.ClientName.Unknown : request.ClientName;
            session.ClientName = name;
            session.Start(Client.ClientName.LookupKey, () => Task.FromResult(name));
        }
        var sender = request.Sender;
        var senderAddress = sender.Length == 0 ? null : SmtpAddress.TryParse(sender, allowUtf8: true, out _);
        session.Sender = senderAddress?.ToString() ?? sender;
        return session;
    }

    /// <summary>
    /// The recipient counts as Local: whether it exists is Postfix's business (its recipient tables and
    /// smtpd_reject_unlisted_recipient), not the policy service's.
    /// </summary>
    private static RcptContext Rcpt(SessionContext session, string recipient)
    {
        var address = SmtpAddress.TryParse(recipient, allowUtf8: true, out _);
        if (address is null && !recipient.Equals("postmaster", StringComparison.OrdinalIgnoreCase))
        {
            // Never pass null for anything but <postmaster>: the pipeline exempts a recipient without an address as postmaster.
            var at = recipient.LastIndexOf('@');
            address = at > 0 ? new SmtpAddress(recipient[..at], recipient[(at + 1)..].ToLowerInvariant()) : new SmtpAddress(recipient, "");
        }
        return new RcptContext(session, address, address?.ToString() ?? recipient, RecipientStatus.Local);
    }
}
