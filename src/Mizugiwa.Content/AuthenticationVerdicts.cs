namespace Mizugiwa.Content;

/// <summary>An SPF result for one identity (RFC 7208 §2.3/§2.4; RFC 8601 §2.7.2).</summary>
/// <param name="Result">none, neutral, pass, fail, softfail, temperror or permerror.</param>
/// <param name="Scope">"mailfrom" or "helo".</param>
/// <param name="Domain">The domain that was checked.</param>
public sealed record SpfVerdict(string Result, string Scope, string Domain);

/// <summary>The result of one DKIM-Signature (RFC 6376 §6.1; RFC 8601 §2.7.1).</summary>
/// <param name="Result">pass, fail, neutral, policy, temperror or permerror.</param>
/// <param name="Domain">The d= tag.</param>
/// <param name="Selector">The s= tag.</param>
/// <param name="Algorithm">The a= tag, e.g. rsa-sha256 or ed25519-sha256.</param>
public sealed record DkimVerdict(string Result, string Domain, string? Selector, string? Algorithm, string? Reason = null)
{
    /// <summary>The header field names of h= (as written), known for a signature that passed; empty otherwise.</summary>
    public IReadOnlyList<string> SignedHeaders { get; init; } = [];

    public bool Signs(string field) => SignedHeaders.Contains(field, StringComparer.OrdinalIgnoreCase);
}

/// <summary>The ARC chain validation (RFC 8617 §5.2): none, pass or fail.</summary>
public sealed record ArcVerdict(string Result, int Instances, string? Reason = null);

/// <summary>The DMARC evaluation (RFC 7489 §6.6).</summary>
/// <param name="Result">none, pass, fail, temperror or permerror.</param>
/// <param name="FromDomain">The RFC5322.From domain.</param>
/// <param name="Policy">The policy that applies (none, quarantine, reject) after sp= and pct=, or null without a record.</param>
public sealed record DmarcVerdict(string Result, string FromDomain, string? Policy, string? Reason = null);

/// <summary>One resinfo of an Authentication-Results header (RFC 8601 §2.2), e.g. spf=pass smtp.mailfrom=example.com.</summary>
/// <param name="Method">spf, dkim, dmarc, arc, ...</param>
/// <param name="Result">the result keyword.</param>
/// <param name="Reason">the reason= text, or null.</param>
/// <param name="Properties">ptype.property=value pairs, e.g. ("smtp.mailfrom", "example.com").</param>
public sealed record AuthResultEntry(string Method, string Result, string? Reason, IReadOnlyList<KeyValuePair<string, string>> Properties);
