using System.Net;
using Mizugiwa.Delivery.Outbound.MtaSts;

namespace Mizugiwa.Delivery.Outbound;

/// <summary>
/// One address to try: the host's name (for EHLO-time TLS and logs), the address and port to connect to;
/// <paramref name="Lmtp"/> for an "lmtp:" next hop (RFC 2033); <paramref name="Relay"/> for the relay host
/// (<see cref="SmtpRelay"/>: its TLS and AUTH settings apply); <paramref name="MtaSts"/> the mode of the recipient domain's
/// MTA-STS policy (enforce: verified STARTTLS required; testing: failures are only logged).
/// </summary>
public sealed record OutboundHost(string Name, IPAddress Address, int Port, bool Lmtp = false, bool Relay = false, MtaStsMode MtaSts = MtaStsMode.None)
{
    public override string ToString() => $"{Name}[{Address}]:{Port}";

    /// <summary>Connections are reused only for hosts with the same TLS demands.</summary>
    internal string PoolKey => MtaSts == MtaStsMode.None ? ToString() : $"{this} mta-sts={MtaSts}";
}

/// <summary>Where a destination's mail goes: the hosts to try in order, or a result for every recipient without trying.</summary>
public sealed record DeliveryPlan(IReadOnlyList<OutboundHost> Hosts, RecipientResult? Result)
{
    public static DeliveryPlan Try(IReadOnlyList<OutboundHost> hosts) => new(hosts, null);
    public static DeliveryPlan Stop(RecipientResult result) => new([], result);
}
