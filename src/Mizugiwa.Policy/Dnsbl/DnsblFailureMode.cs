namespace Mizugiwa.Policy.Dnsbl;

/// <summary>What happens when a zone could not be asked (timeout, SERVFAIL).</summary>
public enum DnsblFailureMode
{
    /// <summary>Carry on as if not listed.</summary>
    Pass,
    /// <summary>451 4.7.1: the client tries again later.</summary>
    Defer,
}
