namespace Mizugiwa.Content.Clamd;

public enum ClamdStatus
{
    Clean,
    Infected,
    /// <summary>clamd could not be reached, timed out, or answered an error.</summary>
    Error,
}

/// <param name="Signature">The signature name when infected.</param>
/// <param name="Error">What went wrong when <see cref="ClamdStatus.Error"/>.</param>
/// <param name="Truncated">The data was longer than StreamMaxLength; only its beginning was scanned.</param>
public sealed record ClamdScanResult(ClamdStatus Status, string? Signature = null, string? Error = null, bool Truncated = false);
