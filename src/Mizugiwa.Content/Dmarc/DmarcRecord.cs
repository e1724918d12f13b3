namespace Mizugiwa.Content.Dmarc;

/// <summary>The policy a Domain Owner asks for (RFC 7489 §6.3, p= and sp=), mildest first.</summary>
public enum DmarcPolicy
{
    None = 0,
    Quarantine = 1,
    Reject = 2,
}

/// <summary>Identifier alignment mode (RFC 7489 §3.1, adkim= and aspf=).</summary>
public enum DmarcAlignment
{
    /// <summary>The Organizational Domains are equal.</summary>
    Relaxed,
    /// <summary>The domains are equal.</summary>
    Strict,
}

/// <summary>
/// A DMARC policy record (RFC 7489 §6.3). Reporting tags are kept as read but not acted on.
/// </summary>
/// <param name="Policy">p=.</param>
/// <param name="SubdomainPolicy">sp=, or null when absent (p= then applies to subdomains).</param>
/// <param name="Percent">pct=, 0..100 (100 when absent or invalid).</param>
/// <param name="DkimAlignment">adkim=.</param>
/// <param name="SpfAlignment">aspf=.</param>
/// <param name="AggregateReportUris">rua= URIs that are syntactically valid.</param>
/// <param name="FailureReportUris">ruf= URIs that are syntactically valid.</param>
/// <param name="FailureOptions">fo= (default "0").</param>
/// <param name="ReportFormat">rf= (default "afrf").</param>
/// <param name="ReportInterval">ri= in seconds (default 86400).</param>
/// <param name="PolicyFromRua">True when p= (or sp=) was missing or invalid and the record counts as p=none because rua= is valid (§6.6.3 step 6).</param>
public sealed record DmarcRecord(
    DmarcPolicy Policy,
    DmarcPolicy? SubdomainPolicy,
    int Percent,
    DmarcAlignment DkimAlignment,
    DmarcAlignment SpfAlignment,
    IReadOnlyList<string> AggregateReportUris,
    IReadOnlyList<string> FailureReportUris,
    string FailureOptions,
    string ReportFormat,
    long ReportInterval,
    bool PolicyFromRua = false);
