using System.Text;
using Mizugiwa.Smtp;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.Dnsbl;

/// <summary>
/// Starts the DNSBL lookups at connect (as postscreen does) and decides at RCPT, so the log shows
/// sender and recipient: a listing in a Reject zone → 554 5.7.1 with the zone's text; Score zones add
/// their symbols; a zone that could not be asked → 451 4.7.1 or nothing, per
/// <see cref="DnsblCheckOptions.FailureMode"/>. The lookup runs under no session token: it is bounded
/// by the resolver's timeout and retries, and must outlive the connect stage's own timeout.
/// </summary>
public sealed class DnsblCheck(DnsblLookup lookup, DnsblCheckOptions options) : IConnectCheck, IRcptCheck
{
    public const string LookupKey = "dnsbl";
    public const string CheckName = "dnsbl";

    public string Name => CheckName;

    public ValueTask<Verdict> CheckConnectAsync(SessionContext session, CancellationToken cancellationToken)
    {
        if (!IsExempt(session)) Start(session);
        return ValueTask.FromResult(Verdict.Continue);
    }

    public async ValueTask<Verdict> CheckRcptAsync(RcptContext rcpt, CancellationToken cancellationToken)
    {
        var session = rcpt.Session;
        if (IsExempt(session)) return Verdict.Continue;
        var task = session.Get<DnsblResult>(LookupKey) ?? Start(session);
        var result = await task.WaitAsync(cancellationToken);
        return Decide(result, session);
    }

    private Task<DnsblResult> Start(SessionContext session) =>
        session.Start(LookupKey, () => lookup.LookupAsync(session.ClientAddress, CancellationToken.None));

    private bool IsExempt(SessionContext session) => options.ExemptAuthenticated && session.Authenticated;

    private Verdict Decide(DnsblResult result, SessionContext session)
    {
        var symbols = result.Hits
            .Where(h => h.Zone.Action == DnsblAction.Score)
            .Select(h => new Symbol(SymbolName(h.Zone), h.Zone.Weight))
            .ToList();
        var reject = result.Hits.FirstOrDefault(h => h.Zone.Action == DnsblAction.Reject);
        if (reject is not null)
        {
            var reply = new SmtpReply(554, "5.7.1", DnsblReplyText.Format(reject, session.ClientAddress));
            return Verdict.Reject(reply, CheckName, reject.Zone.Zone) with { Symbols = symbols };
        }
        if (result.HasFailures && options.FailureMode == DnsblFailureMode.Defer)
        {
            var zone = result.FailedZones[0].Zone;
            var reply = new SmtpReply(451, "4.7.1", $"Service unavailable; lookup in {zone} failed, try again later");
            return Verdict.Defer(reply, CheckName, zone) with { Symbols = symbols };
        }
        return symbols.Count == 0 ? Verdict.Continue : Verdict.Continue with { Symbols = symbols };
    }

    /// <summary>DNSBL_ and the zone in capitals, other characters as underscores: zen.example → DNSBL_ZEN_EXAMPLE.</summary>
    public static string SymbolName(DnsblZone zone)
    {
        if (zone.Symbol is { Length: > 0 } symbol) return symbol;
        var sb = new StringBuilder("DNSBL_");
        foreach (var c in zone.Zone.TrimEnd('.')) sb.Append(char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_');
        return sb.ToString();
    }
}
