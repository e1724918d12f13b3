namespace Mizugiwa.Policy.Dns;

/// <summary>How a DNS question was answered.</summary>
public enum DnsStatus
{
    /// <summary>Records of the asked type were found.</summary>
    Ok,
    /// <summary>The name does not exist (NXDOMAIN) or has no records of the type (NODATA).</summary>
    NotFound,
    /// <summary>No usable answer: SERVFAIL, REFUSED, a timeout or a network error. Try again later.</summary>
    TemporaryFailure,
}
