namespace Mizugiwa.Storage.State;

/// <summary>
/// How a sliding window is cut into buckets, the same for the embedded and the Redis backend. A
/// bucket is <see cref="WidthMs"/> milliseconds of Unix time, numbered from the epoch, so every node
/// with the same clock puts an event in the same bucket. The window's total is the sum of the last
/// <see cref="Count"/> buckets, the current (partly filled) one included: it covers between
/// (Count − 1)·Width and Count·Width of the most recent time, never more than the window.
/// </summary>
internal readonly record struct WindowBuckets(long WidthMs, int Count)
{
    public static WindowBuckets For(TimeSpan window, int buckets)
    {
        if (window <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(window), window, "A window must be positive.");
        var windowMs = Math.Max(1, (long)window.TotalMilliseconds);
        var width = Math.Max(1, windowMs / buckets);
        return new WindowBuckets(width, (int)Math.Min(windowMs / width, int.MaxValue));
    }

    /// <summary>The number of the bucket that holds <paramref name="time"/>.</summary>
    public long BucketOf(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / WidthMs;

    /// <summary>The oldest bucket still inside the window when <paramref name="current"/> is the newest.</summary>
    public long OldestFor(long current) => current - Count + 1;

    /// <summary>How long a counter lives after its last change: its newest bucket leaves the window then.</summary>
    public long LifetimeMs => (Count + 1) * WidthMs;
}
