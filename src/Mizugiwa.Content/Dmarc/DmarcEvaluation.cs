namespace Mizugiwa.Content.Dmarc;

/// <summary>The outcome of evaluating DMARC for one From domain.</summary>
/// <param name="Result">none, pass, fail, temperror or permerror (RFC 7489 §11.2).</param>
/// <param name="FromDomain">The From domain (lower-case A-labels).</param>
/// <param name="OrganisationalDomain">Its Organizational Domain.</param>
/// <param name="Record">The policy record, when one was found.</param>
/// <param name="RecordDomain">Where the record was found (the From domain or its Organizational Domain).</param>
/// <param name="RequestedPolicy">p=, or sp= for a subdomain covered by its Organizational Domain's record.</param>
/// <param name="Disposition">For a fail: the policy to apply after pct= sampling (one step milder when not sampled); else null.</param>
/// <param name="Reason">Why (for logs and Authentication-Results), or null.</param>
/// <param name="AlignedBy">For a pass: which aligned identifier passed, e.g. "dkim example.com".</param>
public sealed record DmarcEvaluation(
    string Result,
    string FromDomain,
    string OrganisationalDomain,
    DmarcRecord? Record,
    string? RecordDomain,
    DmarcPolicy? RequestedPolicy,
    DmarcPolicy? Disposition,
    string? Reason,
    string? AlignedBy = null);
