using System.Collections.Concurrent;

namespace Mizugiwa.Storage.State;

/// <summary>The gauges of the embedded store: values floored at 0 that expire a while after their last change. Thread-safe.</summary>
internal sealed class GaugeTable
{
    private readonly record struct Gauge(long Value, DateTimeOffset ExpiresAt);

    private readonly ConcurrentDictionary<string, Gauge> _gauges = new();

    public int Count => _gauges.Count;

    public long Adjust(string key, long delta, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        var gauge = _gauges.AddOrUpdate(key,
            static (_, a) => new Gauge(Math.Max(0, a.delta), a.expiresAt),
            static (_, old, a) => new Gauge(Math.Max(0, (old.ExpiresAt > a.now ? old.Value : 0) + a.delta), a.expiresAt),
            (delta, now, expiresAt));
        // A gauge back at zero holds nothing worth keeping.
        if (gauge.Value == 0) _gauges.TryRemove(new KeyValuePair<string, Gauge>(key, gauge));
        return gauge.Value;
    }

    public long Get(string key, DateTimeOffset now)
    {
        if (!_gauges.TryGetValue(key, out var gauge)) return 0;
        if (gauge.ExpiresAt > now) return gauge.Value;
        _gauges.TryRemove(new KeyValuePair<string, Gauge>(key, gauge));
        return 0;
    }

    public int Sweep(DateTimeOffset now)
    {
        int removed = 0;
        foreach (var pair in _gauges)
        {
            if (pair.Value.ExpiresAt <= now && _gauges.TryRemove(pair)) removed++;
        }
        return removed;
    }
}
