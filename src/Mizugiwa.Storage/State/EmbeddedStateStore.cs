using Microsoft.Data.Sqlite;
using Mizugiwa.Core.State;

namespace Mizugiwa.Storage.State;

/// <summary>
/// The state store of a single node, the default. Sliding windows are rings of buckets
/// (<see cref="EmbeddedStateOptions.BucketsPerWindow"/>), gauges and keys live in memory; keys with
/// expiry (blocks) are also written through to a SQLite table so that they survive a restart, while
/// counters and gauges start from zero after one. A key found in memory is confirmed in the file
/// (so a <c>blocks release</c> run by another process takes effect at once) and the sweep takes in
/// keys other processes wrote. "Now" and every expiry come from the
/// <see cref="TimeProvider"/>. Expired entries are dropped when they are read and by a sweep every
/// <see cref="EmbeddedStateOptions.SweepInterval"/>, so memory holds only what is live (plus at most
/// one interval's worth of expired entries). Thread-safe. See docs/STATE.md.
/// </summary>
public sealed partial class EmbeddedStateStore : IStateStore, IDisposable
{
    private readonly TimeProvider _time;
    private readonly WindowTable _windows;
    private readonly GaugeTable _gauges = new();
    private readonly KeyTable _keys;
    private readonly ITimer _sweeper;

    /// <param name="databasePath">The SQLite file that keeps the keys (table state_key); null keeps everything in memory only.</param>
    /// <param name="timeProvider">The clock of windows and expiry.</param>
    /// <param name="options">Buckets and sweep interval; defaults when null.</param>
    public EmbeddedStateStore(string? databasePath, TimeProvider timeProvider, EmbeddedStateOptions? options = null)
    {
        options ??= new EmbeddedStateOptions();
        options.Validate();
        _time = timeProvider;
        _windows = new WindowTable(options.BucketsPerWindow);
        _keys = new KeyTable(databasePath is null ? null : new SqliteStateJournal(databasePath), _time.GetUtcNow());
        _sweeper = _time.CreateTimer(_ => SweepQuietly(), null, options.SweepInterval, options.SweepInterval);
    }

    /// <summary>Live and not yet swept entries in memory (windows + gauges + keys).</summary>
    public int EntryCount => _windows.Count + _gauges.Count + _keys.Count;

    public ValueTask<long> AddToWindowAsync(string key, TimeSpan window, long amount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_windows.Add(key, window, amount, _time.GetUtcNow()));

    public ValueTask<long> GetWindowAsync(string key, TimeSpan window, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_windows.Get(key, window, _time.GetUtcNow()));

    public ValueTask<long> AdjustGaugeAsync(string key, long delta, TimeSpan ttl, CancellationToken cancellationToken)
    {
        RequirePositive(ttl);
        var now = _time.GetUtcNow();
        return ValueTask.FromResult(_gauges.Adjust(key, delta, now, now + ttl));
    }

    public ValueTask<long> GetGaugeAsync(string key, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_gauges.Get(key, _time.GetUtcNow()));

    public async ValueTask SetAsync(string key, string value, TimeSpan ttl, CancellationToken cancellationToken)
    {
        RequirePositive(ttl);
        await _keys.SetAsync(new StateEntry(key, value, _time.GetUtcNow() + ttl), cancellationToken);
    }

    public ValueTask<StateEntry?> GetAsync(string key, CancellationToken cancellationToken) =>
        _keys.GetAsync(key, _time.GetUtcNow(), cancellationToken);

    public async ValueTask<IReadOnlyList<StateEntry?>> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var entries = new StateEntry?[keys.Count];
        for (int i = 0; i < keys.Count; i++) entries[i] = await GetAsync(keys[i], cancellationToken);
        return entries;
    }

    public async ValueTask<bool> DeleteAsync(string key, CancellationToken cancellationToken) =>
        await _keys.DeleteAsync(key, _time.GetUtcNow(), cancellationToken);

    public ValueTask<IReadOnlyList<StateEntry>> ListAsync(string prefix, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<StateEntry>>(_keys.List(prefix, _time.GetUtcNow()));

    /// <summary>Drops every expired entry now (the timer does this every sweep interval); returns how many went from memory.</summary>
    public int Sweep()
    {
        var now = _time.GetUtcNow();
        return _windows.Sweep(now) + _gauges.Sweep(now) + _keys.Sweep(now);
    }

    public void Dispose()
    {
        _sweeper.Dispose();
        _keys.Dispose();
    }

    private void SweepQuietly()
    {
        try
        {
            Sweep();
        }
        catch (SqliteException)
        {
            // The file is purged again at the next sweep and at the next start; memory was swept first.
        }
    }

    internal static void RequirePositive(TimeSpan ttl)
    {
        if (ttl <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "A time to live must be positive.");
    }
}
