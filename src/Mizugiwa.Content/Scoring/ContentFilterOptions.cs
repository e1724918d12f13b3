using Mizugiwa.Content.Mime;

namespace Mizugiwa.Content.Scoring;

/// <summary>The content filter's settings (section Content of the configuration).</summary>
public sealed record ContentFilterOptions
{
    /// <summary>Our authserv-id in Authentication-Results: the server's host name.</summary>
    public required string AuthServId { get; init; }

    /// <summary>Messages larger than this are accepted without a scan.</summary>
    public long MaxScanSize { get; init; } = 10 * 1024 * 1024;

    public ScoringOptions Scoring { get; init; } = new();

    public MimeLimits Mime { get; init; } = MimeLimits.Default;

    /// <summary>
    /// Put before the Subject of spam (e.g. "[SPAM]") for recipients in label or quarantine mode, at
    /// delivery and for each recipient alone; empty (the default) for none.
    /// </summary>
    public string SubjectTag { get; init; } = "";

    /// <summary>The quarantine folder (Maildir++), "Junk".</summary>
    public string JunkFolder { get; init; } = "Junk";
}
