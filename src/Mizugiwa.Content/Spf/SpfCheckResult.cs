namespace Mizugiwa.Content.Spf;

/// <summary>What check_host() concluded for one domain.</summary>
/// <param name="Result">The SPF result.</param>
/// <param name="Domain">The domain check_host() started from.</param>
/// <param name="Mechanism">The directive that matched, as written in the record (e.g. "-all"), or null.</param>
/// <param name="Explanation">For fail: the expanded exp= text, when the record has a usable one.</param>
/// <param name="Problem">For temperror and permerror: what went wrong.</param>
public sealed record SpfCheckResult(
    SpfResult Result,
    string Domain,
    string? Mechanism = null,
    string? Explanation = null,
    string? Problem = null);
