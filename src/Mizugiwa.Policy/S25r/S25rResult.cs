namespace Mizugiwa.Policy.S25r;

/// <summary>
/// What S25R says about a client name: whether a rule matched (and which, the first in order),
/// and whether an exception exempts the client (and which).
/// </summary>
public sealed record S25rResult(bool Matched, string? Rule, bool Exempted, string? Exception)
{
    public static readonly S25rResult NoMatch = new(false, null, false, null);

    /// <summary>A rule matched and no exception exempts the client: treat it as a likely bot.</summary>
    public bool IsSuspect => Matched && !Exempted;
}
