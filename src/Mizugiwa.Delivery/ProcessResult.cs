namespace Mizugiwa.Delivery;

internal enum ProcessState
{
    /// <summary>Every recipient is done (delivered, or failed and bounced): the message left the queue.</summary>
    Finished,
    /// <summary>Some recipients wait for a retry at <see cref="ProcessResult.RetryAt"/>.</summary>
    Waiting,
    /// <summary>The message is on hold: not tried until released.</summary>
    Held,
}

internal readonly record struct ProcessResult(ProcessState State, DateTimeOffset RetryAt)
{
    public static ProcessResult Finished { get; } = new(ProcessState.Finished, default);
    public static ProcessResult Held { get; } = new(ProcessState.Held, default);
}
