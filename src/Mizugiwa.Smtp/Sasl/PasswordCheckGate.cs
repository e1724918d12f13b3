namespace Mizugiwa.Smtp.Sasl;

/// <summary>
/// Runs password checks (Argon2id: tens of milliseconds of CPU and ~19 MiB each) on the thread pool,
/// at most a few at a time, so a flood of AUTH attempts cannot pile up work or memory. A check that
/// cannot get a slot within <paramref name="queueTimeout"/> is a temporary failure.
/// </summary>
public sealed class PasswordCheckGate(ICredentialVerifier verifier, int concurrency, TimeSpan queueTimeout, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, concurrency));

    /// <summary>The account, or null for bad credentials; throws <see cref="TimeoutException"/> when too busy.</summary>
    public async ValueTask<string?> VerifyAsync(string user, string password, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(queueTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        try
        {
            await _slots.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException("too many password checks in progress");
        }
        try
        {
            return await Task.Run(async () => await verifier.VerifyPasswordAsync(user, password, cancellationToken), cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
