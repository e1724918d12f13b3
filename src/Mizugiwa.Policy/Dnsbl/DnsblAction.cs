namespace Mizugiwa.Policy.Dnsbl;

/// <summary>What a listing in a zone does.</summary>
public enum DnsblAction
{
    /// <summary>554 5.7.1 with the zone's text.</summary>
    Reject,
    /// <summary>Only add the zone's weight as a symbol.</summary>
    Score,
}
