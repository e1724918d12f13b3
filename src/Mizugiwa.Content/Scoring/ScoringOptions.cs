namespace Mizugiwa.Content.Scoring;

/// <summary>How symbols add up to a score and the score to an action.</summary>
public sealed record ScoringOptions
{
    /// <summary>At or above this score a message is spam (labelled; quarantined or refused for users who chose that).</summary>
    public double SpamScore { get; init; } = 5.0;

    /// <summary>At or above this score a message is refused for every recipient whatever they chose; null (the default) never.</summary>
    public double? RejectScore { get; init; }

    /// <summary>Configured weights by symbol name; they replace the analyzers' default scores.</summary>
    public IReadOnlyDictionary<string, double> Weights { get; init; } = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Symbols that force an action whatever the score, e.g. FINGERPRINT_EXACT = reject.</summary>
    public IReadOnlyDictionary<string, ContentAction> ForcedActions { get; init; } = new Dictionary<string, ContentAction>(StringComparer.OrdinalIgnoreCase);
}
