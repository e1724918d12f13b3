using System.Collections.Concurrent;

namespace Mizugiwa.Storage.State;

/// <summary>The sliding-window counters of the embedded store, by key and window length. Thread-safe.</summary>
internal sealed partial class WindowTable(int bucketsPerWindow)
{
    private readonly ConcurrentDictionary<(string Key, long WindowMs), SlidingWindow> _windows = new();

    public int Count => _windows.Count;

    public long Add(string key, TimeSpan window, long amount, DateTimeOffset now)
    {
        var shape = WindowBuckets.For(window, bucketsPerWindow);
        var id = (key, (long)window.TotalMilliseconds);
        var current = shape.BucketOf(now);
        while (true)
        {
            var counter = _windows.GetOrAdd(id, static (_, s) => new SlidingWindow(s), shape);
            lock (counter)
            {
                if (counter.Removed) continue;
                return counter.Add(current, amount);
            }
        }
    }

    public long Get(string key, TimeSpan window, DateTimeOffset now)
    {
        var shape = WindowBuckets.For(window, bucketsPerWindow);
        if (!_windows.TryGetValue((key, (long)window.TotalMilliseconds), out var counter)) return 0;
        lock (counter) return counter.Sum(shape.BucketOf(now));
    }

    /// <summary>Drops the counters whose every bucket has left the window; returns how many went.</summary>
    public int Sweep(DateTimeOffset now)
    {
        int removed = 0;
        foreach (var (id, counter) in _windows)
        {
            var shape = WindowBuckets.For(TimeSpan.FromMilliseconds(id.WindowMs), bucketsPerWindow);
            lock (counter)
            {
                if (!counter.IsExpired(shape.BucketOf(now))) continue;
                counter.Removed = true;
                if (_windows.TryRemove(new KeyValuePair<(string, long), SlidingWindow>(id, counter))) removed++;
            }
        }
        return removed;
    }
}
