namespace Mizugiwa.Storage.State;

/// <summary>Settings of <see cref="FailoverStateStore"/>.</summary>
public sealed record FailoverOptions
{
    /// <summary>While Redis is down, how often one operation tries it again (default 5 seconds).</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one Redis operation may take before it counts as a failure (default 1 second).</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(1);

    public void Validate()
    {
        if (RetryInterval <= TimeSpan.Zero) throw new ArgumentException("RetryInterval must be positive.");
        if (OperationTimeout <= TimeSpan.Zero) throw new ArgumentException("OperationTimeout must be positive.");
    }
}
