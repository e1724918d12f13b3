namespace Mizugiwa.Content.AuthResults;

/// <summary>One parsed Authentication-Results header field (RFC 8601 §2.2).</summary>
/// <param name="AuthservId">Who wrote it (compare case-insensitively).</param>
/// <param name="Version">The authres-version after the authserv-id, or null.</param>
/// <param name="Results">The resinfos; empty for "none".</param>
/// <param name="Lenient">
/// True when the field is not RFC 8601 and was read by <see cref="LenientAuthResultsParser"/>: its facts are
/// a best reading of a non-conformant header, never something to trust more than a conformant one.
/// </param>
public sealed record ParsedAuthResults(string AuthservId, int? Version, IReadOnlyList<AuthResultEntry> Results, bool Lenient = false);
