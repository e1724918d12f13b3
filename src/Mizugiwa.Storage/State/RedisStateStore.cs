using System.Globalization;
using Mizugiwa.Core.State;
using StackExchange.Redis;

namespace Mizugiwa.Storage.State;

/// <summary>
/// The state store shared by every node that points at the same Redis. Each operation is one round
/// trip and atomic (a Lua script or a single command); <see cref="RoundTrips"/> counts them. "Now"
/// comes from the caller's <see cref="TimeProvider"/>, so all nodes (with synchronised clocks) count
/// in the same buckets and agree on expiry; Redis TTLs (real time) only reclaim memory.
/// Redis errors reach the caller: wrap the store in <see cref="FailoverStateStore"/> to keep serving
/// when Redis is away. Key layout and costs: docs/STATE.md.
/// </summary>
public sealed partial class RedisStateStore : IStateStore
{
    private readonly IConnectionMultiplexer _redis;
    private readonly TimeProvider _time;
    private readonly RedisStateOptions _options;
    private long _roundTrips;

    public RedisStateStore(IConnectionMultiplexer redis, TimeProvider timeProvider, RedisStateOptions? options = null)
    {
        options ??= new RedisStateOptions();
        options.Validate();
        _redis = redis;
        _time = timeProvider;
        _options = options;
    }

    /// <summary>Round trips to Redis so far (for benchmarks).</summary>
    public long RoundTrips => Interlocked.Read(ref _roundTrips);

    public async ValueTask<long> AddToWindowAsync(string key, TimeSpan window, long amount, CancellationToken cancellationToken)
    {
        var shape = WindowBuckets.For(window, _options.BucketsPerWindow);
        var result = await EvaluateAsync(RedisStateScripts.AddToWindow, WindowKey(key, window),
            [shape.BucketOf(_time.GetUtcNow()), amount, shape.Count, shape.LifetimeMs], cancellationToken);
        return (long)result;
    }

    public async ValueTask<long> GetWindowAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        var shape = WindowBuckets.For(window, _options.BucketsPerWindow);
        var result = await EvaluateAsync(RedisStateScripts.GetWindow, WindowKey(key, window),
            [shape.BucketOf(_time.GetUtcNow()), shape.Count], cancellationToken);
        return (long)result;
    }

    public async ValueTask<long> AdjustGaugeAsync(string key, long delta, TimeSpan ttl, CancellationToken cancellationToken)
    {
        EmbeddedStateStore.RequirePositive(ttl);
        var result = await EvaluateAsync(RedisStateScripts.AdjustGauge, Key("g:", key), [delta, Milliseconds(ttl)], cancellationToken);
        return (long)result;
    }

    public async ValueTask<long> GetGaugeAsync(string key, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _roundTrips);
        var value = await Database.StringGetAsync(Key("g:", key)).WaitAsync(cancellationToken);
        return value.IsNull ? 0 : Math.Max(0, (long)value);
    }

    public async ValueTask SetAsync(string key, string value, TimeSpan ttl, CancellationToken cancellationToken)
    {
        EmbeddedStateStore.RequirePositive(ttl);
        var expiresAt = (_time.GetUtcNow() + ttl).ToUnixTimeMilliseconds();
        Interlocked.Increment(ref _roundTrips);
        await Database.StringSetAsync(Key("k:", key), Encode(expiresAt, value), ttl).WaitAsync(cancellationToken);
    }

    public async ValueTask<StateEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _roundTrips);
        var stored = await Database.StringGetAsync(Key("k:", key)).WaitAsync(cancellationToken);
        return stored.IsNull ? null : Live(Decode(key, stored!));
    }

    public async ValueTask<IReadOnlyList<StateEntry?>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0) return [];
        Interlocked.Increment(ref _roundTrips);
        var stored = await Database.StringGetAsync(keys.Select(k => Key("k:", k)).ToArray()).WaitAsync(cancellationToken);
        return keys.Select((key, i) => stored[i].IsNull ? null : Live(Decode(key, stored[i]!))).ToList();
    }

    public async ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var result = await EvaluateAsync(RedisStateScripts.Delete, Key("k:", key), [_time.GetUtcNow().ToUnixTimeMilliseconds()], cancellationToken);
        return (long)result == 1;
    }

    /// <summary>
    /// SCANs the keys that start with <paramref name="prefix"/> (MATCH, <see cref="RedisStateOptions.ListPageSize"/>
    /// per call) and reads each page with one MGET: two round trips per non-empty page. Bounded by
    /// <see cref="RedisStateOptions.MaxListEntries"/> and <see cref="RedisStateOptions.MaxListPages"/>.
    /// </summary>
    public async ValueTask<IReadOnlyList<StateEntry>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var keyPrefix = _options.KeyPrefix + "k:";
        var pattern = GlobEscape(keyPrefix + prefix) + "*";
        var entries = new List<StateEntry>();
        var cursor = "0";
        for (int page = 0; page < _options.MaxListPages && entries.Count < _options.MaxListEntries; page++)
        {
            Interlocked.Increment(ref _roundTrips);
            var reply = await Database.ExecuteAsync("SCAN", cursor, "MATCH", pattern, "COUNT", _options.ListPageSize).WaitAsync(cancellationToken);
            var parts = (RedisResult[])reply!;
            cursor = (string)parts[0]!;
            var keys = ((RedisKey[])parts[1]!) ?? [];
            if (keys.Length > 0)
            {
                Interlocked.Increment(ref _roundTrips);
                var values = await Database.StringGetAsync(keys).WaitAsync(cancellationToken);
                for (int i = 0; i < keys.Length && entries.Count < _options.MaxListEntries; i++)
                {
                    if (values[i].IsNull) continue;
                    var entry = Live(Decode(((string)keys[i]!)[keyPrefix.Length..], values[i]!));
                    if (entry is not null) entries.Add(entry);
                }
            }
            if (cursor == "0") break;
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return entries;
    }

    private IDatabase Database => _redis.GetDatabase(_options.Database);

    private async Task<RedisResult> EvaluateAsync(string script, RedisKey key, RedisValue[] args, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _roundTrips);
        return await Database.ScriptEvaluateAsync(script, [key], args).WaitAsync(cancellationToken);
    }

    private RedisKey Key(string kind, string key) => _options.KeyPrefix + kind + key;

    private RedisKey WindowKey(string key, TimeSpan window) =>
        _options.KeyPrefix + "w:" + ((long)window.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + ":" + key;

    private StateEntry? Live(StateEntry? entry) => entry is not null && entry.ExpiresAt > _time.GetUtcNow() ? entry : null;

    private static long Milliseconds(TimeSpan ttl) => Math.Max(1, (long)Math.Ceiling(ttl.TotalMilliseconds));

    private static string Encode(long expiresAtMs, string value) => expiresAtMs.ToString(CultureInfo.InvariantCulture) + "|" + value;

    private static StateEntry? Decode(string key, string stored)
    {
        var bar = stored.IndexOf('|', StringComparison.Ordinal);
        if (bar <= 0 || !long.TryParse(stored.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)) return null;
        return new StateEntry(key, stored[(bar + 1)..], DateTimeOffset.FromUnixTimeMilliseconds(ms));
    }

    /// <summary>Escapes the glob characters of a SCAN MATCH pattern.</summary>
    private static string GlobEscape(string text)
    {
        var escaped = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '*' or '?' or '[' or ']' or '\\') escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.ToString();
    }
}
