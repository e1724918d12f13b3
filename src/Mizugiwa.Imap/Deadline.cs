namespace Mizugiwa.Imap;

/// <summary>A wait for the client bounded by the autologout timer and by shutdown.</summary>
internal sealed class Deadline : IDisposable
{
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource _linked;

    public Deadline(TimeSpan timeout, TimeProvider time, CancellationToken sessionEnd, CancellationToken stopping = default)
    {
        _timer = new CancellationTokenSource(timeout, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(_timer.Token, sessionEnd, stopping);
    }

    public CancellationToken Token => _linked.Token;

    public bool TimedOut => _timer.IsCancellationRequested;

    public void Dispose()
    {
        _linked.Dispose();
        _timer.Dispose();
    }
}
