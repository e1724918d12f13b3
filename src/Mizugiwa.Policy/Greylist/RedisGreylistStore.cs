using StackExchange.Redis;

namespace Mizugiwa.Policy.Greylist;

/// <summary>
/// Greylisting state in Redis, shared by every node that points at the same Redis. A triplet is a
/// hash {f = first seen, l = last seen, p = passes} (Unix ms) at <c>{prefix}gl:t:{client}\n{sender}\n{recipient}</c>,
/// a client's auto-whitelist counter a hash {n = passes, l = last seen} at <c>{prefix}gl:c:{client}</c>.
/// Every record carries a Redis TTL that ends when <see cref="SqliteGreylistStore.PurgeAsync"/> would
/// have removed it (last seen + Expiry; for a triplet that never passed, at the latest first seen +
/// RetryWindow), so <see cref="PurgeAsync"/> has nothing to do. Each call is one round trip and atomic.
/// Redis errors reach the caller: wrap in <see cref="FailoverGreylistStore"/>. See docs/STATE.md.
/// </summary>
public sealed partial class RedisGreylistStore : IGreylistStore
{
    private const string PutScript = """
        local ttl = tonumber(ARGV[4])
        if ttl < 1 then
          redis.call('DEL', KEYS[1])
          return 0
        end
        redis.call('HSET', KEYS[1], 'f', ARGV[1], 'l', ARGV[2], 'p', ARGV[3])
        redis.call('PEXPIRE', KEYS[1], ttl)
        return 1
        """;

    /// <summary>ARGV: seen (ms), expiry (ms), now (ms). Returns {passes, last seen}.</summary>
    private const string AddClientPassScript = """
        local passes = redis.call('HINCRBY', KEYS[1], 'n', 1)
        local last = tonumber(redis.call('HGET', KEYS[1], 'l') or '0')
        local seen = tonumber(ARGV[1])
        if seen > last then
          last = seen
          redis.call('HSET', KEYS[1], 'l', ARGV[1])
        end
        local ttl = last + tonumber(ARGV[2]) - tonumber(ARGV[3])
        if ttl < 1 then ttl = 1 end
        redis.call('PEXPIRE', KEYS[1], ttl)
        return {passes, last}
        """;

    private static readonly RedisValue[] EntryFields = ["f", "l", "p"];
    private static readonly RedisValue[] ClientFields = ["n", "l"];

    private readonly IConnectionMultiplexer _redis;
    private readonly GreylistOptions _options;
    private readonly TimeProvider _time;
    private readonly string _prefix;
    private long _roundTrips;

    /// <param name="redis">The shared connection.</param>
    /// <param name="options">The greylisting timings (Expiry and RetryWindow set the TTLs).</param>
    /// <param name="timeProvider">"Now" for the TTLs.</param>
    /// <param name="keyPrefix">Put before every key; the same as the state store's by default.</param>
    public RedisGreylistStore(IConnectionMultiplexer redis, GreylistOptions options, TimeProvider timeProvider, string keyPrefix = "mzg:")
    {
        options.Validate();
        _redis = redis;
        _options = options;
        _time = timeProvider;
        _prefix = keyPrefix;
    }

    /// <summary>Round trips to Redis so far (for benchmarks).</summary>
    public long RoundTrips => Interlocked.Read(ref _roundTrips);

    public async Task<GreylistEntry?> GetAsync(GreylistKey key, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _roundTrips);
        var values = await Database.HashGetAsync(TripletKey(key), EntryFields).WaitAsync(cancellationToken);
        if (values[0].IsNull || values[1].IsNull || values[2].IsNull) return null;
        return new GreylistEntry(FromMs((long)values[0]), FromMs((long)values[1]), (int)values[2]);
    }

    public async Task PutAsync(GreylistKey key, GreylistEntry entry, CancellationToken cancellationToken = default)
    {
        var expiresAt = entry.LastSeen + _options.Expiry;
        if (!entry.HasPassed && entry.FirstSeen + _options.RetryWindow < expiresAt) expiresAt = entry.FirstSeen + _options.RetryWindow;
        var ttl = (long)Math.Ceiling((expiresAt - _time.GetUtcNow()).TotalMilliseconds);
        Interlocked.Increment(ref _roundTrips);
        await Database.ScriptEvaluateAsync(PutScript, [TripletKey(key)],
            [entry.FirstSeen.ToUnixTimeMilliseconds(), entry.LastSeen.ToUnixTimeMilliseconds(), entry.PassedCount, ttl]).WaitAsync(cancellationToken);
    }

    public async Task<GreylistClient?> GetClientAsync(string client, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _roundTrips);
        var values = await Database.HashGetAsync(ClientKey(client), ClientFields).WaitAsync(cancellationToken);
        if (values[0].IsNull || values[1].IsNull) return null;
        return new GreylistClient((int)values[0], FromMs((long)values[1]));
    }

    public async Task<GreylistClient> AddClientPassAsync(string client, DateTimeOffset seen, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _roundTrips);
        var result = await Database.ScriptEvaluateAsync(AddClientPassScript, [ClientKey(client)],
        [
            seen.ToUnixTimeMilliseconds(),
            (long)_options.Expiry.TotalMilliseconds,
            _time.GetUtcNow().ToUnixTimeMilliseconds(),
        ]).WaitAsync(cancellationToken);
        var parts = (RedisResult[])result!;
        return new GreylistClient((int)parts[0], FromMs((long)parts[1]));
    }

    /// <summary>Nothing to do: Redis expires every record by itself. Returns 0.</summary>
    public Task<int> PurgeAsync(DateTimeOffset notSeenSince, DateTimeOffset unpassedFirstSeenBefore, CancellationToken cancellationToken = default) =>
        Task.FromResult(0);

    private IDatabase Database => _redis.GetDatabase();

    private RedisKey TripletKey(GreylistKey key) => _prefix + "gl:t:" + key.Client + "\n" + key.Sender + "\n" + key.Recipient;

    private RedisKey ClientKey(string client) => _prefix + "gl:c:" + client;

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
