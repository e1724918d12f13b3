using Mizugiwa.Policy.Client;
using Mizugiwa.Policy.Greylist;
using Mizugiwa.Policy.S25r;
using Mizugiwa.Smtp;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.Rgrey;

/// <summary>
/// Rgrey: S25R picks the clients that look like end-user or unknown hosts, and only those are
/// greylisted, so real mail servers are never delayed. A message that passes after greylisting gets
/// a header (by default <c>X-Envelope-Information: match S25R</c>) for the user's filters.
/// A client whose name could not be looked up (temporary DNS failure) is treated as a match:
/// greylisting it costs a real server one retry, a bot its delivery.
/// Trusted sessions (allow lists) and authenticated ones are left alone.
/// </summary>
public sealed class RgreyCheck(RgreyMode mode, S25rRules rules, Greylister greylister, string headerName) : IRcptCheck
{
    public string Name => "rgrey";

    public async ValueTask<Verdict> CheckRcptAsync(RcptContext rcpt, CancellationToken cancellationToken)
    {
        var session = rcpt.Session;
        if (mode == RgreyMode.Off || session.Authenticated || session.TrustedBy is not null) return Verdict.Continue;

        var name = await ClientName.GetAsync(session);
        var s25r = name is null ? new S25rResult(true, "dns-tempfail", false, null) : rules.Match(name);
        var rule = s25r.IsSuspect ? $"S25R {s25r.Rule}" : null;

        switch (mode)
        {
            case RgreyMode.S25rOnly:
                return s25r.IsSuspect
                    ? Verdict.Defer(new SmtpReply(450, "4.7.1", $"Client host rejected: {name ?? "lookup failed"} looks like a dynamic address ({rule}); use your provider's mail server"), Name, rule)
                    : Verdict.Continue;
            case RgreyMode.Rgrey when !s25r.IsSuspect:
                return Verdict.Continue;
        }

        var trustedName = s25r.IsSuspect ? null : name;
        var decision = await greylister.CheckAsync(session.ClientAddress, trustedName, session.Sender ?? "", rcpt.RecipientText, cancellationToken);
        if (!decision.Passed) return Verdict.Defer(decision.Reply!, Name, rule ?? "greylist");
        if (!s25r.IsSuspect) return Verdict.Continue;
        return Verdict.Continue with
        {
            Check = Name,
            Rule = $"{rule}; passed greylisting ({decision.Reason})",
            Headers = [new AddedHeader(headerName, "match S25R")],
            Symbols = [new Symbol("S25R", 1.0)],
        };
    }
}
