namespace Mizugiwa.Storage.State;

/// <summary>
/// The Lua scripts of <see cref="RedisStateStore"/>: each operation is one script, so it is atomic
/// and one round trip (StackExchange.Redis sends EVALSHA once the script is cached on the server).
/// </summary>
internal static class RedisStateScripts
{
    /// <summary>
    /// KEYS[1] the window's hash (field = bucket number, value = count); ARGV: bucket, amount, buckets
    /// per window, lifetime ms. Adds to the bucket, drops buckets that left the window, returns the sum.
    /// </summary>
    public const string AddToWindow = """
        local current = tonumber(ARGV[1])
        local oldest = current - tonumber(ARGV[3]) + 1
        redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        local fields = redis.call('HGETALL', KEYS[1])
        local sum = 0
        for i = 1, #fields, 2 do
          local bucket = tonumber(fields[i])
          if bucket < oldest then
            redis.call('HDEL', KEYS[1], fields[i])
          elseif bucket <= current then
            sum = sum + tonumber(fields[i + 1])
          end
        end
        return sum
        """;

    /// <summary>KEYS[1] the window's hash; ARGV: bucket, buckets per window. The sum of the buckets inside the window.</summary>
    public const string GetWindow = """
        local current = tonumber(ARGV[1])
        local oldest = current - tonumber(ARGV[2]) + 1
        local fields = redis.call('HGETALL', KEYS[1])
        local sum = 0
        for i = 1, #fields, 2 do
          local bucket = tonumber(fields[i])
          if bucket >= oldest and bucket <= current then sum = sum + tonumber(fields[i + 1]) end
        end
        return sum
        """;

    /// <summary>KEYS[1] the gauge; ARGV: delta, ttl ms. Floors at 0 (and then deletes the key); returns the new value.</summary>
    public const string AdjustGauge = """
        local value = redis.call('INCRBY', KEYS[1], ARGV[1])
        if value <= 0 then
          redis.call('DEL', KEYS[1])
          return 0
        end
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return value
        """;

    /// <summary>
    /// KEYS[1] the key; ARGV: now (Unix ms). Deletes it; returns 1 when it existed and had not expired
    /// by the caller's clock (the stored value starts with its expiry, "ms|value").
    /// </summary>
    public const string Delete = """
        local stored = redis.call('GET', KEYS[1])
        if not stored then return 0 end
        redis.call('DEL', KEYS[1])
        local expires = tonumber(string.match(stored, '^(%d+)|'))
        if expires and expires > tonumber(ARGV[1]) then return 1 end
        return 0
        """;
}
