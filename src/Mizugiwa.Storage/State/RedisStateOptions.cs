namespace Mizugiwa.Storage.State;

/// <summary>Settings of <see cref="RedisStateStore"/>.</summary>
public sealed record RedisStateOptions
{
    /// <summary>Put before every key, so several installations (or tests) can share one Redis. Default "mzg:".</summary>
    public string KeyPrefix { get; init; } = "mzg:";

    /// <summary>Buckets per sliding window (default 20); the same meaning as in the embedded store.</summary>
    public int BucketsPerWindow { get; init; } = 20;

    /// <summary>The Redis database number; -1 is the connection's default.</summary>
    public int Database { get; init; } = -1;

    /// <summary>Keys asked for per SCAN call in <see cref="RedisStateStore.ListAsync"/>.</summary>
    public int ListPageSize { get; init; } = 1000;

    /// <summary>The most entries <see cref="RedisStateStore.ListAsync"/> returns.</summary>
    public int MaxListEntries { get; init; } = 10_000;

    /// <summary>The most SCAN calls one <see cref="RedisStateStore.ListAsync"/> makes, so a huge keyspace cannot keep it busy for ever.</summary>
    public int MaxListPages { get; init; } = 1000;

    public void Validate()
    {
        if (string.IsNullOrEmpty(KeyPrefix)) throw new ArgumentException("KeyPrefix must not be empty.");
        if (BucketsPerWindow is < 1 or > 1000) throw new ArgumentException("BucketsPerWindow must be between 1 and 1000.");
        if (ListPageSize < 1 || MaxListEntries < 1 || MaxListPages < 1) throw new ArgumentException("List limits must be positive.");
    }
}
