using System.Globalization;
using System.Net;
using Mizugiwa.Core;

namespace Mizugiwa.Delivery.Outbound;

/// <summary>
/// Turns a destination into the hosts to try (RFC 5321 §5.1): the MX hosts by preference (equal
/// preferences in random order), each with its A/AAAA addresses; without MX records the domain's
/// own addresses (implicit MX); a null MX (RFC 7505) fails at once with 5.1.10. DNS trouble defers.
/// With a <paramref name="relay"/>, every "mx" recipient has the one destination <see cref="SmtpRelay.Destination"/>:
/// the relay host, whose trouble (no such name, no address) only ever defers: it is the admin's to fix.
/// </summary>
public sealed class MxPlanner(IMxResolver resolver, int port, SmtpRelay? relay = null)
{
    /// <summary>More addresses than this are not tried in one attempt.</summary>
    public const int MaxAddresses = 10;

    /// <summary>Where the recipient goes: the relay host for "mx" recipients when one is set, else <see cref="Destination.Of"/>.</summary>
    public string DestinationOf(EnvelopeRecipient recipient) =>
        relay is not null && recipient.Route == Routes.Mx ? SmtpRelay.Destination : Destination.Of(recipient);

    public async Task<DeliveryPlan> PlanAsync(string destination, CancellationToken cancellationToken)
    {
        if (destination == SmtpRelay.Destination && relay is not null) return await PlanRelayAsync(relay, cancellationToken);
        if (destination.StartsWith("mx:", StringComparison.Ordinal)) return await PlanDomainAsync(destination[3..], port, cancellationToken);
        if (destination.StartsWith(Routes.SmtpPrefix, StringComparison.Ordinal)) return await PlanNextHopAsync(destination[Routes.SmtpPrefix.Length..], cancellationToken);
        if (destination.StartsWith(Routes.LmtpPrefix, StringComparison.Ordinal))
        {
            var lmtp = await PlanNextHopAsync(destination[Routes.LmtpPrefix.Length..], cancellationToken);
            return lmtp with { Hosts = [.. lmtp.Hosts.Select(h => h with { Lmtp = true })] };
        }
        return DeliveryPlan.Stop(RecipientResult.Deferred("4.3.5", $"no transport for route '{destination}'"));
    }

    private async Task<DeliveryPlan> PlanRelayAsync(SmtpRelay relay, CancellationToken cancellationToken)
    {
        var plan = IPAddress.TryParse(relay.Host, out var address) ? DeliveryPlan.Try([new OutboundHost(relay.Host, address, relay.Port)])
            : relay.LookUpMx ? await PlanDomainAsync(relay.Host, relay.Port, cancellationToken)
            : await PlanHostsAsync(relay.Host, [relay.Host], implicitMx: false, relay.Port, cancellationToken);
        if (plan.Result is { } stop)
            return DeliveryPlan.Stop(stop.Outcome == RecipientOutcome.Failed
                ? RecipientResult.Deferred("4.4.4", $"relay host {relay} (Outbound:RelayHost): {stop.Diagnostic}")
                : stop with { Diagnostic = $"relay host {relay} (Outbound:RelayHost): {stop.Diagnostic}" });
        return DeliveryPlan.Try([.. plan.Hosts.Select(h => h with { Relay = true })]);
    }

    private async Task<DeliveryPlan> PlanDomainAsync(string domain, int port, CancellationToken cancellationToken)
    {
        if (domain.Length == 0) return DeliveryPlan.Stop(RecipientResult.Failed("5.1.2", "recipient address has no domain"));
        if (domain.StartsWith('[')) return PlanLiteral(domain, port);
        var mx = await resolver.LookupMxAsync(domain, cancellationToken);
        switch (mx.Status)
        {
            case LookupStatus.TemporaryFailure:
                return DeliveryPlan.Stop(RecipientResult.Deferred("4.4.3", $"MX lookup for {domain} failed: {mx.Error}"));
            case LookupStatus.NotFound:
                return await PlanHostsAsync(domain, [domain], implicitMx: true, port, cancellationToken);
        }
        var records = mx.Records;
        if (records.All(r => r.Host.Length == 0))
            return DeliveryPlan.Stop(RecipientResult.Failed("5.1.10", $"{domain} does not accept mail (null MX, RFC 7505)"));
        var ordered = records.Where(r => r.Host.Length > 0)
            .GroupBy(r => r.Preference).OrderBy(g => g.Key)
            .SelectMany(g => g.OrderBy(_ => Random.Shared.Next()))
            .Select(r => r.Host).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return await PlanHostsAsync(domain, ordered, implicitMx: false, port, cancellationToken);
    }

    private async Task<DeliveryPlan> PlanHostsAsync(string domain, IReadOnlyList<string> names, bool implicitMx, int port, CancellationToken cancellationToken)
    {
        var hosts = new List<OutboundHost>();
        string? temporary = null;
        foreach (var name in names)
        {
            var addresses = await resolver.LookupAddressesAsync(name, cancellationToken);
            if (addresses.Status == LookupStatus.TemporaryFailure) temporary ??= $"address lookup for {name} failed: {addresses.Error}";
            foreach (var address in addresses.Records)
            {
                if (hosts.Count < MaxAddresses) hosts.Add(new OutboundHost(name, address, port));
            }
        }
        if (hosts.Count > 0) return DeliveryPlan.Try(hosts);
        if (temporary is not null) return DeliveryPlan.Stop(RecipientResult.Deferred("4.4.3", temporary));
        return implicitMx
            ? DeliveryPlan.Stop(RecipientResult.Failed("5.1.2", $"{domain} has neither MX nor address records"))
            : DeliveryPlan.Stop(RecipientResult.Deferred("4.4.4", $"no MX host of {domain} has an address"));
    }

    private async Task<DeliveryPlan> PlanNextHopAsync(string hostAndPort, CancellationToken cancellationToken)
    {
        int colon = hostAndPort.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(hostAndPort[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int hopPort) || hopPort is < 1 or > 65535)
            return DeliveryPlan.Stop(RecipientResult.Deferred("4.3.5", $"bad next hop '{hostAndPort}'"));
        string host = hostAndPort[..colon];
        if (host.StartsWith('[')) return PlanLiteral(host, hopPort);
        if (IPAddress.TryParse(host, out var ip)) return DeliveryPlan.Try([new OutboundHost(host, ip, hopPort)]);
        return await PlanHostsAsync(host, [host], implicitMx: false, hopPort, cancellationToken);
    }

    private static DeliveryPlan PlanLiteral(string literal, int port)
    {
        var inner = literal.Trim('[', ']');
        if (inner.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase)) inner = inner[5..];
        return IPAddress.TryParse(inner, out var address)
            ? DeliveryPlan.Try([new OutboundHost(literal, address, port)])
            : DeliveryPlan.Stop(RecipientResult.Failed("5.1.2", $"bad address literal {literal}"));
    }
}
