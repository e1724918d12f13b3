using System.Net;

namespace Mizugiwa.Delivery.Outbound;

/// <summary>
/// One address to try: the host's name (for EHLO-time TLS and logs), the address and port to connect to;
/// <paramref name="Lmtp"/> for an "lmtp:" next hop (RFC 2033); <paramref name="Relay"/> for the relay host
/// (<see cref="SmtpRelay"/>: its TLS and AUTH settings apply).
/// </summary>
public sealed record OutboundHost(string Name, IPAddress Address, int Port, bool Lmtp = false, bool Relay = false)
{
    public override string ToString() => $"{Name}[{Address}]:{Port}";
}

/// <summary>Where a destination's mail goes: the hosts to try in order, or a result for every recipient without trying.</summary>
public sealed record DeliveryPlan(IReadOnlyList<OutboundHost> Hosts, RecipientResult? Result)
{
    public static DeliveryPlan Try(IReadOnlyList<OutboundHost> hosts) => new(hosts, null);
    public static DeliveryPlan Stop(RecipientResult result) => new([], result);
}
