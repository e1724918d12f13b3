namespace Mizugiwa.Core.State;

/// <summary>A key with a value and an expiry, e.g. a harvest block.</summary>
public sealed record StateEntry(string Key, string Value, DateTimeOffset ExpiresAt);

/// <summary>
/// Shared counters and keys with expiry: the state that the harvest guard, flow control and
/// greylisting share between nodes. The embedded backend serves one node; the Redis backend
/// serves all nodes that point at the same Redis. Time comes from the caller's TimeProvider so
/// every node counts in the same windows.
/// </summary>
public interface IStateStore
{
    /// <summary>Adds <paramref name="amount"/> to a sliding-window counter and returns its total over the last <paramref name="window"/>.</summary>
    ValueTask<long> AddToWindowAsync(string key, TimeSpan window, long amount, CancellationToken cancellationToken);

    /// <summary>The total of a sliding-window counter over the last <paramref name="window"/>.</summary>
    ValueTask<long> GetWindowAsync(string key, TimeSpan window, CancellationToken cancellationToken);

    /// <summary>
    /// Changes a gauge (e.g. connections in progress) and returns its new value. The gauge expires
    /// <paramref name="ttl"/> after its last change, so a crashed node cannot leave it high for ever.
    /// </summary>
    ValueTask<long> AdjustGaugeAsync(string key, long delta, TimeSpan ttl, CancellationToken cancellationToken);

    ValueTask<long> GetGaugeAsync(string key, CancellationToken cancellationToken);

    /// <summary>Sets a key that disappears by itself after <paramref name="ttl"/>.</summary>
    ValueTask SetAsync(string key, string value, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>The key, or null when it does not exist or has expired.</summary>
    ValueTask<StateEntry?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>The keys in one round trip, in the order asked; null where a key does not exist or has expired.</summary>
    ValueTask<IReadOnlyList<StateEntry?>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken);

    /// <summary>Returns false when there was no such key.</summary>
    ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>The live keys that start with <paramref name="prefix"/>.</summary>
    ValueTask<IReadOnlyList<StateEntry>> ListAsync(string prefix, CancellationToken cancellationToken);
}
