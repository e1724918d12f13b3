using System.Net;
using Mizugiwa.Core;
using Mizugiwa.Policy.Client;
using Mizugiwa.Smtp;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.Helo;

/// <summary>
/// HELO/EHLO lies: claiming to be us (our names, local domains, our addresses), claiming a big
/// provider from a host outside it, a name that is not a FQDN, an address literal that is not the
/// client's. Authenticated sessions are exempt. (HELO before MAIL is the state table's job.)
/// With <paramref name="localDomains"/> the local domains come from that set in memory; without it each
/// HELO name is looked up in <paramref name="directory"/> (postmaster@name).
/// </summary>
public sealed class HeloCheck(HeloCheckOptions options, IRecipientDirectory directory, LocalDomainSnapshot? localDomains = null) : IHeloCheck
{
    public string Name => "helo";

    public async ValueTask<Verdict> CheckHeloAsync(SessionContext session, CancellationToken cancellationToken)
    {
        var helo = session.Helo ?? "";
        if (session.Authenticated || session.TrustedBy is not null || helo.Length == 0) return Verdict.Continue;

        if (helo.StartsWith('[') && helo.EndsWith(']'))
            return CheckLiteral(session, helo);
        if (IPAddress.TryParse(helo, out var bare) && options.OwnAddresses.Contains(bare))
            return Refuse(helo, "own-address", "that is my address");

        var name = helo.TrimEnd('.').ToLowerInvariant();
        if (options.OwnNames.Any(own => own.Equals(name, StringComparison.OrdinalIgnoreCase)))
            return Refuse(helo, "own-name", "that is my name");
        if (SmtpAddress.IsDomainOrLiteral(name, allowUtf8: true) && await IsLocalDomainAsync(name, cancellationToken))
            return Refuse(helo, "own-domain", "that is my domain");

        var provider = options.ProtectedProviders.FirstOrDefault(p => ClientName.IsInDomain(name, p));
        if (provider is not null)
        {
            var clientName = await ClientName.GetAsync(session);
            if (clientName is null)
                return Verdict.Defer(new SmtpReply(450, "4.7.1", $"<{helo}>: Helo command rejected: cannot confirm your host name now"), Name, "forged-provider-unconfirmed");
            if (!ClientName.IsInDomain(clientName, provider)) return Refuse(helo, "forged-provider", $"you are not in {provider}");
        }

        if (!name.Contains('.')) return Act(options.NonFqdn, helo, "non-fqdn", "need fully-qualified hostname", "HELO_NOT_FQDN");
        return Verdict.Continue;
    }

    private async ValueTask<bool> IsLocalDomainAsync(string name, CancellationToken cancellationToken) =>
        localDomains is not null
            ? await localDomains.ContainsAsync(name, cancellationToken)
            : (await directory.ResolveAsync(new SmtpAddress("postmaster", name), cancellationToken)).Status != RecipientStatus.NotLocal;

    private Verdict CheckLiteral(SessionContext session, string helo)
    {
        var inner = helo[1..^1];
        if (inner.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase)) inner = inner[5..];
        if (!IPAddress.TryParse(inner, out var claimed))
            return Act(options.LiteralMismatch, helo, "bad-literal", "invalid address literal", "HELO_BAD_LITERAL");
        if (options.OwnAddresses.Contains(claimed) && !claimed.Equals(session.ClientAddress))
            return Refuse(helo, "own-address", "that is my address");
        return claimed.Equals(session.ClientAddress)
            ? Verdict.Continue
            : Act(options.LiteralMismatch, helo, "literal-mismatch", "address literal is not your address", "HELO_LITERAL_MISMATCH");
    }

    private Verdict Refuse(string helo, string rule, string why) =>
        Verdict.Reject(new SmtpReply(554, "5.7.1", $"<{helo}>: Helo command rejected: {why}"), Name, rule);

    private Verdict Act(HeloAction action, string helo, string rule, string why, string symbol) => action switch
    {
        HeloAction.Reject => Verdict.Reject(new SmtpReply(554, "5.7.1", $"<{helo}>: Helo command rejected: {why}"), Name, rule),
        HeloAction.Defer => Verdict.Defer(new SmtpReply(450, "4.7.1", $"<{helo}>: Helo command rejected: {why}"), Name, rule),
        HeloAction.Score => Verdict.Continue with { Symbols = [new Symbol(symbol, 1.0)] },
        _ => Verdict.Continue,
    };
}
