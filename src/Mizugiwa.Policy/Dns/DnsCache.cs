using System.Collections.Concurrent;

namespace Mizugiwa.Policy.Dns;

/// <summary>
/// Keeps DNS answers for as long as their TTL allows (<see cref="DnsCacheOptions"/> clamps it),
/// negative answers for the SOA negative TTL or <see cref="DnsCacheOptions.NegativeTtl"/>, and
/// temporary failures for <see cref="DnsCacheOptions.TemporaryFailureTtl"/>. Time comes from a
/// <see cref="TimeProvider"/>. A cached answer comes back with the TTL that remains.
/// </summary>
public sealed class DnsCache(DnsCacheOptions options, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<DnsCacheKey, Entry> _entries = new();
    private readonly Lock _trimLock = new();

    public int Count => _entries.Count;

    public bool TryGet<T>(DnsCacheKey key, out DnsResult<T> result) where T : class
    {
        var now = timeProvider.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry) && entry.Result is DnsResult<T> cached)
        {
            if (entry.Expires > now)
            {
                result = cached.Ttl is null ? cached : cached with { Ttl = entry.Expires - now };
                return true;
            }
            _entries.TryRemove(new KeyValuePair<DnsCacheKey, Entry>(key, entry));
        }
        result = null!;
        return false;
    }

    public void Store<T>(DnsCacheKey key, DnsResult<T> result) where T : class
    {
        var lifetime = Lifetime(result.Status, result.Ttl);
        if (lifetime <= TimeSpan.Zero) return;
        _entries[key] = new Entry(result, timeProvider.GetUtcNow() + lifetime);
        if (_entries.Count > options.MaxEntries) Trim();
    }

    /// <summary>How long an answer of this status and TTL is kept.</summary>
    public TimeSpan Lifetime(DnsStatus status, TimeSpan? ttl) => status switch
    {
        DnsStatus.Ok => Clamp(ttl ?? options.MinTtl, options.MinTtl, options.MaxTtl),
        DnsStatus.NotFound => Clamp(ttl ?? options.NegativeTtl, options.MinTtl, options.MaxNegativeTtl),
        _ => options.TemporaryFailureTtl,
    };

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) =>
        value < min ? min : value > max ? max : value;

    private void Trim()
    {
        lock (_trimLock)
        {
            if (_entries.Count <= options.MaxEntries) return;
            var now = timeProvider.GetUtcNow();
            foreach (var pair in _entries)
            {
                if (pair.Value.Expires <= now) _entries.TryRemove(pair);
            }
            // Still full of live entries: drop the soonest to expire, down to 90 % so that trimming is rare.
            var excess = _entries.Count - options.MaxEntries * 9 / 10;
            if (excess <= 0) return;
            foreach (var pair in _entries.OrderBy(p => p.Value.Expires).Take(excess).ToList())
            {
                _entries.TryRemove(pair);
            }
        }
    }

    private sealed record Entry(object Result, DateTimeOffset Expires);
}
