namespace Mizugiwa.Content.Clamd;

/// <summary>What the clamd analyzer scans and the scores of its symbols.</summary>
public sealed record ClamdAnalyzerOptions
{
    /// <summary>Scan the raw message (clamd decodes MIME itself) or each attachment's decoded content.</summary>
    public ClamdScanTarget Target { get; init; } = ClamdScanTarget.RawMessage;

    /// <summary>Attachments scanned per message when <see cref="Target"/> is Attachments.</summary>
    public int MaxAttachments { get; init; } = 20;

    public double VirusScore { get; init; } = 10.0;
}

public enum ClamdScanTarget
{
    RawMessage,
    Attachments,
}
