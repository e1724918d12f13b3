namespace Mizugiwa.Content.Scoring;

/// <summary>A symbol with the score it counted for (its configured weight, else the analyzer's default).</summary>
public sealed record ScoredSymbol(string Name, double Score, string? Detail);

/// <summary>What the content level concluded about one message.</summary>
/// <param name="Reasons">Why the action was forced (a virus, a blocked attachment, a DMARC reject), empty when the score decided.</param>
public sealed record ContentVerdict(double Score, IReadOnlyList<ScoredSymbol> Symbols, ContentAction Action, IReadOnlyList<string> Reasons, ContentReport Report)
{
    public bool IsSpam => Action >= ContentAction.Spam;
}
