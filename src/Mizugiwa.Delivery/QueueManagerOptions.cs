namespace Mizugiwa.Delivery;

/// <param name="DeliveryConcurrency">How many messages are delivered at a time; at least 1.</param>
/// <param name="MinRetryDelay">The delay after a first failed attempt; more than zero.</param>
/// <param name="MaxRetryDelay">The delay doubles each attempt up to this.</param>
public sealed record QueueManagerOptions(int DeliveryConcurrency, TimeSpan MinRetryDelay, TimeSpan MaxRetryDelay)
{
    /// <summary>How often the queue directory is rescanned for new messages and a flush request; zero turns scanning off.</summary>
    public TimeSpan ScanInterval { get; init; } = TimeSpan.Zero;

    /// <summary>The delay before the next try of a recipient that has failed <paramref name="attempts"/> times (1 or more).</summary>
    public TimeSpan RetryDelay(int attempts)
    {
        double ticks = MinRetryDelay.Ticks * Math.Pow(2, Math.Max(attempts, 1) - 1);
        return ticks >= MaxRetryDelay.Ticks ? MaxRetryDelay : TimeSpan.FromTicks((long)ticks);
    }
}
