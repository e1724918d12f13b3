using Microsoft.Extensions.Logging;
using Mizugiwa.Core.State;

namespace Mizugiwa.Storage.State;

/// <summary>
/// The shared (Redis) store with a local fallback. While Redis answers, every operation goes to it.
/// When an operation fails (connection, timeout, server error, disposed multiplexer), it is answered
/// by the local store instead, the change is logged once at Error, and from then on operations go
/// to the local store, except that at most one operation every <see cref="FailoverOptions.RetryInterval"/>
/// tries Redis again; when that succeeds, the recovery is logged at Warning and Redis serves again.
/// Redis problems never reach the caller. Keys set locally during an outage (blocks) stay visible
/// after recovery: a key that Redis does not have is looked up locally (in memory, no round trip).
/// Counts made locally are not copied to Redis. See docs/STATE.md.
/// </summary>
public sealed partial class FailoverStateStore : IStateStore
{
    private readonly IStateStore _shared;
    private readonly IStateStore _local;
    private readonly FailoverSwitch _switch;

    /// <param name="shared">Usually a <see cref="RedisStateStore"/>.</param>
    /// <param name="local">Usually an <see cref="EmbeddedStateStore"/> (with a file, so local blocks survive a restart).</param>
    /// <param name="timeProvider">The clock of retries and of the operation timeout.</param>
    /// <param name="logger">Where the switches are logged.</param>
    /// <param name="options">Retry interval and operation timeout; defaults when null.</param>
    public FailoverStateStore(IStateStore shared, IStateStore local, TimeProvider timeProvider, ILogger<FailoverStateStore> logger, FailoverOptions? options = null)
    {
        options ??= new FailoverOptions();
        options.Validate();
        _shared = shared;
        _local = local;
        _switch = new FailoverSwitch(timeProvider, options.RetryInterval, options.OperationTimeout, RedisFailures.IsFailure,
            e => logger.LogError(e, "shared state store unavailable: counting locally on this node (retrying every {RetrySeconds} s): {Reason}",
                options.RetryInterval.TotalSeconds, e.Message),
            () => logger.LogWarning("shared state store available again: counting shared across nodes; counts made locally meanwhile stay local"));
    }

    /// <summary>True while operations go to the shared store; false while this node counts locally.</summary>
    public bool IsShared => _switch.IsShared;

    public ValueTask<long> AddToWindowAsync(string key, TimeSpan window, long amount, CancellationToken cancellationToken) =>
        RunAsync(s => s.AddToWindowAsync(key, window, amount, cancellationToken), cancellationToken);

    public ValueTask<long> GetWindowAsync(string key, TimeSpan window, CancellationToken cancellationToken) =>
        RunAsync(s => s.GetWindowAsync(key, window, cancellationToken), cancellationToken);

    public ValueTask<long> AdjustGaugeAsync(string key, long delta, TimeSpan ttl, CancellationToken cancellationToken) =>
        RunAsync(s => s.AdjustGaugeAsync(key, delta, ttl, cancellationToken), cancellationToken);

    public ValueTask<long> GetGaugeAsync(string key, CancellationToken cancellationToken) =>
        RunAsync(s => s.GetGaugeAsync(key, cancellationToken), cancellationToken);

    public async ValueTask SetAsync(string key, string value, TimeSpan ttl, CancellationToken cancellationToken) =>
        await RunAsync(async s => { await s.SetAsync(key, value, ttl, cancellationToken); return true; }, cancellationToken);

    public async ValueTask<StateEntry?> GetAsync(string key, CancellationToken cancellationToken) =>
        await RunAsync(s => s.GetAsync(key, cancellationToken), cancellationToken)
        ?? await _local.GetAsync(key, cancellationToken);

    public async ValueTask<IReadOnlyList<StateEntry?>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var shared = await RunAsync(s => s.GetManyAsync(keys, cancellationToken), cancellationToken);
        var entries = new StateEntry?[keys.Count];
        for (int i = 0; i < keys.Count; i++) entries[i] = shared[i] ?? await _local.GetAsync(keys[i], cancellationToken);
        return entries;
    }

    /// <summary>Deletes the key from both stores (a block set during an outage lives in the local one).</summary>
    public async ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var shared = await RunAsync(s => s.DeleteAsync(key, cancellationToken), cancellationToken);
        var local = await _local.DeleteAsync(key, cancellationToken);
        return shared || local;
    }

    /// <summary>The keys of the shared store (or of the local one while it is down) and the local keys it does not have.</summary>
    public async ValueTask<IReadOnlyList<StateEntry>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var first = await RunAsync(s => s.ListAsync(prefix, cancellationToken), cancellationToken);
        var local = await _local.ListAsync(prefix, cancellationToken);
        if (ReferenceEquals(first, local) || local.Count == 0) return first;
        var merged = first.ToDictionary(e => e.Key, StringComparer.Ordinal);
        foreach (var entry in local) merged.TryAdd(entry.Key, entry);
        return merged.Values.OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
    }

    private async ValueTask<T> RunAsync<T>(Func<IStateStore, ValueTask<T>> operation, CancellationToken cancellationToken) =>
        await _switch.RunAsync(_shared, _local, s => operation(s).AsTask(), cancellationToken);
}
