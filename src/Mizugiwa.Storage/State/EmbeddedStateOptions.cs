namespace Mizugiwa.Storage.State;

/// <summary>Settings of <see cref="EmbeddedStateStore"/>.</summary>
public sealed record EmbeddedStateOptions
{
    /// <summary>
    /// Buckets per sliding window (default 20). A window's total covers between (1 − 1/n) and all of
    /// the window: events in the oldest bucket-width of the window may already be left out.
    /// </summary>
    public int BucketsPerWindow { get; init; } = 20;

    /// <summary>How often expired windows, gauges and keys are dropped from memory and the file (default 1 minute).</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromMinutes(1);

    public void Validate()
    {
        if (BucketsPerWindow is < 1 or > 1000) throw new ArgumentException("BucketsPerWindow must be between 1 and 1000.");
        if (SweepInterval <= TimeSpan.Zero) throw new ArgumentException("SweepInterval must be positive.");
    }
}
