using System.Collections.Concurrent;
using Mizugiwa.Core.State;

namespace Mizugiwa.Storage.State;

/// <summary>
/// The keys with expiry of the embedded store, in memory and (when a journal is given) written
/// through to SQLite. Writes are serialised and go to the file first, so that memory never holds a
/// key the file lacks. Because another process (the <c>blocks release</c> command) may change the
/// file, a key found in memory is confirmed in the file before it is returned (misses, the common
/// case, never touch the disk), the list is read from the file, and the sweep reloads the file.
/// </summary>
internal sealed class KeyTable : IDisposable
{
    private static readonly TimeSpan SweepLockWait = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, StateEntry> _keys = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SqliteStateJournal? _journal;

    public KeyTable(SqliteStateJournal? journal, DateTimeOffset now)
    {
        _journal = journal;
        if (journal is null) return;
        foreach (var entry in journal.Load(now)) _keys[entry.Key] = entry;
    }

    public int Count => _keys.Count;

    public async Task SetAsync(StateEntry entry, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (_journal is not null) await _journal.UpsertAsync(entry, CancellationToken.None);
            _keys[entry.Key] = entry;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask<StateEntry?> GetAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!_keys.TryGetValue(key, out var entry)) return null;
        if (entry.ExpiresAt <= now)
        {
            _keys.TryRemove(new KeyValuePair<string, StateEntry>(key, entry));
            return null;
        }
        if (_journal is null) return entry;
        var stored = await _journal.FindAsync(key, now, cancellationToken);
        if (stored is null) _keys.TryRemove(new KeyValuePair<string, StateEntry>(key, entry));
        else if (stored != entry) _keys.TryUpdate(key, stored, entry);
        return stored;
    }

    public async Task<bool> DeleteAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var existed = _keys.TryRemove(key, out var entry);
            if (_journal is not null) await _journal.DeleteAsync(key, CancellationToken.None);
            return existed && entry!.ExpiresAt > now;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public List<StateEntry> List(string prefix, DateTimeOffset now) =>
        (_journal is null ? _keys.Values.ToList() : _journal.Load(now))
            .Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal) && e.ExpiresAt > now)
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .ToList();

    /// <summary>Drops expired keys from memory and the file, and takes in what another process changed in the file.</summary>
    public int Sweep(DateTimeOffset now)
    {
        int before = _keys.Count;
        if (_journal is null)
        {
            foreach (var pair in _keys)
            {
                if (pair.Value.ExpiresAt <= now) _keys.TryRemove(pair);
            }
            return before - _keys.Count;
        }
        if (!_writeLock.Wait(SweepLockWait)) return 0;
        try
        {
            var live = _journal.Load(now).ToDictionary(e => e.Key, StringComparer.Ordinal);
            foreach (var key in _keys.Keys)
            {
                if (!live.ContainsKey(key)) _keys.TryRemove(key, out _);
            }
            foreach (var (key, entry) in live) _keys[key] = entry;
        }
        finally
        {
            _writeLock.Release();
        }
        return Math.Max(0, before - _keys.Count);
    }

    public void Dispose() => _writeLock.Dispose();
}
