using Mizugiwa.Core.State;

namespace Mizugiwa.Policy.Tests.Flow;

/// <summary>
/// IStateStore for unit tests: sliding windows keep every addition with its exact time, gauges and
/// keys expire by the fake clock. Single-threaded tests only need the lock for Task.WhenAll callers.
/// </summary>
internal sealed class InMemoryStateStore(TimeProvider time) : IStateStore
{
    private readonly Dictionary<string, List<(DateTimeOffset At, long Amount)>> _windows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Value, DateTimeOffset ExpiresAt)> _gauges = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StateEntry> _keys = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public int Calls { get; private set; }

    public ValueTask<long> AddToWindowAsync(string key, TimeSpan window, long amount, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Calls++;
            if (!_windows.TryGetValue(key, out var events)) _windows[key] = events = [];
            events.Add((time.GetUtcNow(), amount));
            return ValueTask.FromResult(Sum(events, window));
        }
    }

    public ValueTask<long> GetWindowAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Calls++;
            return ValueTask.FromResult(_windows.TryGetValue(key, out var events) ? Sum(events, window) : 0);
        }
    }

    public ValueTask<long> AdjustGaugeAsync(string key, long delta, TimeSpan ttl, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Calls++;
            var now = time.GetUtcNow();
            var value = _gauges.TryGetValue(key, out var gauge) && gauge.ExpiresAt > now ? gauge.Value : 0;
            _gauges[key] = (value + delta, now + ttl);
            return ValueTask.FromResult(value + delta);
        }
    }

    public ValueTask<long> GetGaugeAsync(string key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Calls++;
            return ValueTask.FromResult(_gauges.TryGetValue(key, out var gauge) && gauge.ExpiresAt > time.GetUtcNow() ? gauge.Value : 0);
        }
    }

    public ValueTask SetAsync(string key, string value, TimeSpan ttl, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Calls++;
            _keys[key] = new StateEntry(key, value, time.GetUtcNow() + ttl);
            return ValueTask.CompletedTask;
        }
    }

    public async ValueTask<IReadOnlyList<StateEntry?>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var entries = new StateEntry?[keys.Count];
        for (int i = 0; i < keys.Count; i++) entries[i] = await GetAsync(keys[i], cancellationToken);
        return entries;
    }

    public ValueTask<StateEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Calls++;
            return ValueTask.FromResult(_keys.TryGetValue(key, out var entry) && entry.ExpiresAt > time.GetUtcNow() ? entry : null);
        }
    }

    public ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Calls++;
            var live = _keys.TryGetValue(key, out var entry) && entry.ExpiresAt > time.GetUtcNow();
            _keys.Remove(key);
            return ValueTask.FromResult(live);
        }
    }

    public ValueTask<IReadOnlyList<StateEntry>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Calls++;
            var now = time.GetUtcNow();
            IReadOnlyList<StateEntry> live = [.. _keys.Values.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal) && e.ExpiresAt > now)];
            return ValueTask.FromResult(live);
        }
    }

    /// <summary>The raw gauge, so tests can see that a connection was taken out exactly once.</summary>
    public long Gauge(string key)
    {
        lock (_lock) return _gauges.TryGetValue(key, out var gauge) && gauge.ExpiresAt > time.GetUtcNow() ? gauge.Value : 0;
    }

    /// <summary>Events strictly inside the last <paramref name="window"/>: one added exactly a window ago has left it.</summary>
    private long Sum(List<(DateTimeOffset At, long Amount)> events, TimeSpan window)
    {
        var since = time.GetUtcNow() - window;
        events.RemoveAll(e => e.At <= since - TimeSpan.FromDays(30));
        return events.Where(e => e.At > since).Sum(e => e.Amount);
    }
}
