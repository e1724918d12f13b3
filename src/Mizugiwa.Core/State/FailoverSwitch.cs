namespace Mizugiwa.Core.State;

/// <summary>
/// The switch between a shared store (Redis) and the node's own: an operation goes to the shared
/// store while it is up; a failure sends it (and every operation after it) to the local store; at
/// most once per retry interval an operation tries the shared store again. The caller is told once
/// per change (<paramref name="wentDown"/>, <paramref name="cameBack"/>), so it can log loudly once
/// instead of on every call. Failures of the shared store never reach the caller.
/// </summary>
/// <param name="isSharedFailure">Which exceptions mean "the shared store is unavailable".</param>
public sealed class FailoverSwitch(
    TimeProvider time, TimeSpan retryInterval, TimeSpan operationTimeout,
    Func<Exception, bool> isSharedFailure, Action<Exception> wentDown, Action cameBack)
{
    private readonly Lock _lock = new();
    private DateTimeOffset _nextRetry;
    private volatile bool _isShared = true;

    /// <summary>True while operations go to the shared store.</summary>
    public bool IsShared => _isShared;

    public TimeSpan RetryInterval => retryInterval;

    public async Task<T> RunAsync<TStore, T>(TStore shared, TStore local, Func<TStore, Task<T>> operation, CancellationToken cancellationToken)
    {
        if (ShouldTryShared())
        {
            try
            {
                var result = await operation(shared).WaitAsync(operationTimeout, time, cancellationToken);
                MarkUp();
                return result;
            }
            catch (Exception e) when ((e is TimeoutException || isSharedFailure(e)) && !cancellationToken.IsCancellationRequested)
            {
                MarkDown(e);
            }
        }
        return await operation(local);
    }

    private bool ShouldTryShared()
    {
        if (_isShared) return true;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (now < _nextRetry) return false;
            _nextRetry = now + retryInterval;
            return true;
        }
    }

    private void MarkDown(Exception e)
    {
        lock (_lock)
        {
            _nextRetry = time.GetUtcNow() + retryInterval;
            if (!_isShared) return;
            _isShared = false;
        }
        wentDown(e);
    }

    private void MarkUp()
    {
        if (_isShared) return;
        lock (_lock)
        {
            if (_isShared) return;
            _isShared = true;
        }
        cameBack();
    }
}
