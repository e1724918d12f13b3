namespace Mizugiwa.Policy.Dnsbl;

/// <summary>
/// One DNSBL zone. <see cref="AcceptedCodes"/> lists the 127.0.0.x answers that count as listed
/// (empty = any 127.0.0.0/8 answer). <see cref="Message"/> may use {ip}, {zone}, {code} and {reason}
/// (the zone's TXT text); when it has no {reason} and the zone gave one, "; reason" is appended.
/// </summary>
public sealed record DnsblZone
{
    public const string DefaultMessage = "Service unavailable; client [{ip}] blocked using {zone}";

    public required string Zone { get; init; }
    public DnsblAction Action { get; init; } = DnsblAction.Reject;
    public double Weight { get; init; } = 1.0;
    public IReadOnlyList<string> AcceptedCodes { get; init; } = [];
    public string Message { get; init; } = DefaultMessage;
    /// <summary>The symbol a listing adds; null = DNSBL_ and the zone in capitals (dots as underscores).</summary>
    public string? Symbol { get; init; }
}
