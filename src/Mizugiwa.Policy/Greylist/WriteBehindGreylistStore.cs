using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Mizugiwa.Policy.Greylist;

/// <summary>
/// The embedded greylisting store of the server: every triplet and client counter is held in memory
/// (loaded from the <see cref="SqliteGreylistStore"/> file at start), so a decision never waits for the
/// disk, and changes are written behind: a background thread stores what changed every
/// <see cref="DefaultFlushInterval"/> in one transaction (the latest value of each changed record, so
/// a triplet greylisted and passed within one interval is one write). Dispose stores what is left.
/// </summary>
/// <remarks>
/// Durability: a crash (not a clean stop) loses the changes of the last interval (≈ 200 ms), and
/// synchronous=NORMAL may lose the last commits on a power loss. For greylisting that is harmless: a
/// forgotten triplet is greylisted once more, a forgotten pass is counted again at the next one.
/// Memory: one entry per live triplet (expired ones go with the hourly purge), roughly 200–300 bytes each.
/// The file has the same format as before; only this process should write it while the server runs
/// (the CLI's dry run works on a copy).
/// </remarks>
public sealed partial class WriteBehindGreylistStore : IGreylistStore, IAsyncDisposable, IDisposable
{
    public static readonly TimeSpan DefaultFlushInterval = TimeSpan.FromMilliseconds(200);
    private const int MaxBatch = 20_000;

    private readonly SqliteGreylistStore _file;
    private readonly ILogger? _logger;
    private readonly TimeSpan _interval;
    private readonly ConcurrentDictionary<GreylistKey, GreylistEntry> _triplets;
    private readonly ConcurrentDictionary<string, GreylistClient> _clients;
    private readonly ConcurrentDictionary<GreylistKey, byte> _dirtyTriplets = new();
    private readonly ConcurrentDictionary<string, byte> _dirtyClients = new(StringComparer.Ordinal);
    private readonly Lock _fileLock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _writer;
    private int _disposed;

    /// <param name="file">The SQLite store whose file is loaded now and written behind.</param>
    /// <param name="flushInterval">How often changes are stored; <see cref="DefaultFlushInterval"/> when null.</param>
    /// <param name="logger">Where failed writes are reported (they are retried at the next interval).</param>
    public WriteBehindGreylistStore(SqliteGreylistStore file, TimeSpan? flushInterval = null, ILogger? logger = null)
    {
        _file = file;
        _logger = logger;
        _interval = flushInterval ?? DefaultFlushInterval;
        var (triplets, clients) = file.LoadAll();
        _triplets = new ConcurrentDictionary<GreylistKey, GreylistEntry>(triplets);
        _clients = new ConcurrentDictionary<string, GreylistClient>(clients, StringComparer.Ordinal);
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "greylist write-behind" };
        _writer.Start();
    }

    /// <summary>Triplets held in memory.</summary>
    public int Count => _triplets.Count;

    public Task<GreylistEntry?> GetAsync(GreylistKey key, CancellationToken cancellationToken = default) =>
        Task.FromResult(_triplets.TryGetValue(key, out var entry) ? entry : null);

    public Task PutAsync(GreylistKey key, GreylistEntry entry, CancellationToken cancellationToken = default)
    {
        _triplets[key] = entry;
        _dirtyTriplets[key] = 0;
        return Task.CompletedTask;
    }

    public Task<GreylistClient?> GetClientAsync(string client, CancellationToken cancellationToken = default) =>
        Task.FromResult(_clients.TryGetValue(client, out var counter) ? counter : null);

    public Task<GreylistClient> AddClientPassAsync(string client, DateTimeOffset seen, CancellationToken cancellationToken = default)
    {
        var counter = _clients.AddOrUpdate(client,
            static (_, at) => new GreylistClient(1, at),
            static (_, old, at) => new GreylistClient(old.Passes + 1, at > old.LastSeen ? at : old.LastSeen),
            seen);
        _dirtyClients[client] = 0;
        return Task.FromResult(counter);
    }

    /// <summary>Removes from memory and from the file (the same rule as <see cref="SqliteGreylistStore.PurgeAsync"/>); returns how many left memory.</summary>
    public async Task<int> PurgeAsync(DateTimeOffset notSeenSince, DateTimeOffset unpassedFirstSeenBefore, CancellationToken cancellationToken = default)
    {
        var removed = 0;
        foreach (var pair in _triplets)
        {
            var e = pair.Value;
            if ((e.LastSeen < notSeenSince || (e.PassedCount == 0 && e.FirstSeen < unpassedFirstSeenBefore)) && _triplets.TryRemove(pair)) removed++;
        }
        foreach (var pair in _clients)
        {
            if (pair.Value.LastSeen < notSeenSince && _clients.TryRemove(pair)) removed++;
        }
        // After a flush, so that no batch taken before the purge brings purged records back into the file.
        await Task.Run(() =>
        {
            lock (_fileLock)
            {
                Flush();
                _file.PurgeAsync(notSeenSince, unpassedFirstSeenBefore, cancellationToken).GetAwaiter().GetResult();
            }
        }, cancellationToken);
        return removed;
    }

    /// <summary>Stores every change made so far (the background thread does this every interval).</summary>
    public Task FlushAsync() => Task.Run(() =>
    {
        lock (_fileLock) Flush();
    });

    private void WriteLoop()
    {
        var stop = _stop.Token;
        while (!stop.WaitHandle.WaitOne(_interval))
        {
            try
            {
                lock (_fileLock) Flush();
            }
            catch (SqliteException e)
            {
                // The changes stay marked and are tried again at the next interval.
                _logger?.LogWarning("greylist: storing changes failed, retrying: {Error}", e.Message);
            }
        }
    }

    /// <summary>Takes the changed records (their current values) in batches and stores them; under <see cref="_fileLock"/>.</summary>
    private void Flush()
    {
        while (true)
        {
            var triplets = Take(_dirtyTriplets, _triplets);
            var clients = Take(_dirtyClients, _clients);
            if (triplets.Count == 0 && clients.Count == 0) return;
            try
            {
                _file.WriteBatch(triplets, clients);
            }
            catch (SqliteException)
            {
                foreach (var (key, _) in triplets) _dirtyTriplets[key] = 0;
                foreach (var (client, _) in clients) _dirtyClients[client] = 0;
                throw;
            }
            if (triplets.Count < MaxBatch && clients.Count < MaxBatch) return;
        }
    }

    /// <summary>
    /// Unmarks up to <see cref="MaxBatch"/> changed keys and returns their values now. A writer sets the
    /// value before it marks the key, so a change made during this either is read here or marks again.
    /// A key no longer in memory (purged) is skipped.
    /// </summary>
    private static List<KeyValuePair<TKey, TValue>> Take<TKey, TValue>(ConcurrentDictionary<TKey, byte> dirty, ConcurrentDictionary<TKey, TValue> values)
        where TKey : notnull
    {
        var batch = new List<KeyValuePair<TKey, TValue>>();
        foreach (var (key, _) in dirty)
        {
            if (batch.Count >= MaxBatch) break;
            if (!dirty.TryRemove(key, out _)) continue;
            if (values.TryGetValue(key, out var value)) batch.Add(new(key, value));
        }
        return batch;
    }

    /// <summary>Stops the background writer and stores what is left.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _stop.Cancel();
        _writer.Join();
        lock (_fileLock) Flush();
        _stop.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
