using Mizugiwa.Core.State;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Mizugiwa.Policy.Greylist;

/// <summary>
/// Shared greylisting (<see cref="RedisGreylistStore"/>) with the node's own <see cref="SqliteGreylistStore"/>
/// as fallback, the same switch as the state store's failover: a Redis failure sends the call (and
/// every call after it) to the local store, logged once at Error; at most once per retry interval a
/// call tries Redis again, and its success is logged at Warning. Redis problems never reach the
/// caller. A triplet or client that Redis does not know is looked up locally, so what was recorded
/// during an outage still counts after it (and moves to Redis with the next write). Purge purges
/// the local file (Redis expires by itself). See docs/STATE.md.
/// </summary>
public sealed partial class FailoverGreylistStore : IGreylistStore
{
    private readonly IGreylistStore _shared;
    private readonly IGreylistStore _local;
    private readonly FailoverSwitch _switch;

    /// <param name="shared">Usually a <see cref="RedisGreylistStore"/>.</param>
    /// <param name="local">Usually the node's <see cref="SqliteGreylistStore"/>.</param>
    /// <param name="timeProvider">The clock of retries and of the operation timeout.</param>
    /// <param name="logger">Where the switches are logged.</param>
    /// <param name="retryInterval">While Redis is down, how often one call tries it again (default 5 s).</param>
    /// <param name="operationTimeout">How long one Redis call may take before it counts as a failure (default 1 s).</param>
    public FailoverGreylistStore(IGreylistStore shared, IGreylistStore local, TimeProvider timeProvider, ILogger<FailoverGreylistStore> logger,
        TimeSpan? retryInterval = null, TimeSpan? operationTimeout = null)
    {
        _shared = shared;
        _local = local;
        var retry = retryInterval ?? TimeSpan.FromSeconds(5);
        var timeout = operationTimeout ?? TimeSpan.FromSeconds(1);
        if (retry <= TimeSpan.Zero || timeout <= TimeSpan.Zero)
            throw new ArgumentException("The retry interval and the operation timeout must be positive.");
        _switch = new FailoverSwitch(timeProvider, retry, timeout, e => e is RedisException or ObjectDisposedException,
            e => logger.LogError(e, "shared greylist store unavailable: greylisting locally on this node (retrying every {RetrySeconds} s): {Reason}",
                retry.TotalSeconds, e.Message),
            () => logger.LogWarning("shared greylist store available again: greylisting shared across nodes"));
    }

    /// <summary>True while calls go to Redis; false while this node greylists locally.</summary>
    public bool IsShared => _switch.IsShared;

    public async Task<GreylistEntry?> GetAsync(GreylistKey key, CancellationToken cancellationToken = default) =>
        await RunAsync(s => s.GetAsync(key, cancellationToken), cancellationToken)
        ?? await _local.GetAsync(key, cancellationToken);

    public Task PutAsync(GreylistKey key, GreylistEntry entry, CancellationToken cancellationToken = default) =>
        RunAsync(async s => { await s.PutAsync(key, entry, cancellationToken); return true; }, cancellationToken);

    public async Task<GreylistClient?> GetClientAsync(string client, CancellationToken cancellationToken = default) =>
        await RunAsync(s => s.GetClientAsync(client, cancellationToken), cancellationToken)
        ?? await _local.GetClientAsync(client, cancellationToken);

    public Task<GreylistClient> AddClientPassAsync(string client, DateTimeOffset seen, CancellationToken cancellationToken = default) =>
        RunAsync(s => s.AddClientPassAsync(client, seen, cancellationToken), cancellationToken);

    /// <summary>Purges the local file; the shared store expires its records by itself.</summary>
    public Task<int> PurgeAsync(DateTimeOffset notSeenSince, DateTimeOffset unpassedFirstSeenBefore, CancellationToken cancellationToken = default) =>
        _local.PurgeAsync(notSeenSince, unpassedFirstSeenBefore, cancellationToken);

    private Task<T> RunAsync<T>(Func<IGreylistStore, Task<T>> operation, CancellationToken cancellationToken) =>
        _switch.RunAsync(_shared, _local, operation, cancellationToken);
}
