using Microsoft.Extensions.Hosting;

namespace Mizugiwa.Hosting;

/// <summary>
/// Graceful shutdown: when the host starts stopping, Kestrel stops accepting and running sessions
/// get <see cref="Grace"/> to finish; after that <see cref="SessionEnd"/> fires and they say 421.
/// </summary>
internal sealed class ShutdownCoordinator : IDisposable
{
    private readonly CancellationTokenSource _sessionEnd = new();
    private readonly ITimer _timer;

    public ShutdownCoordinator(IHostApplicationLifetime lifetime, TimeProvider time, TimeSpan grace)
    {
        Grace = grace;
        _timer = time.CreateTimer(_ => _sessionEnd.Cancel(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        lifetime.ApplicationStopping.Register(() => _timer.Change(grace, Timeout.InfiniteTimeSpan));
    }

    public TimeSpan Grace { get; }

    public CancellationToken SessionEnd => _sessionEnd.Token;

    public void Dispose()
    {
        _timer.Dispose();
        _sessionEnd.Dispose();
    }
}
