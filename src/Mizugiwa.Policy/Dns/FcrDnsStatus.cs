namespace Mizugiwa.Policy.Dns;

/// <summary>The outcome of a forward-confirmed reverse DNS lookup.</summary>
public enum FcrDnsStatus
{
    /// <summary>A PTR name resolves back to the client address.</summary>
    Confirmed,
    /// <summary>The address has no PTR record: the client is "unknown".</summary>
    NoPtr,
    /// <summary>PTR names exist but none resolves back to the address: the client is "unknown".</summary>
    NotConfirmed,
    /// <summary>DNS failed temporarily; whether the client has a name is not known. Not "unknown".</summary>
    TemporaryFailure,
}
