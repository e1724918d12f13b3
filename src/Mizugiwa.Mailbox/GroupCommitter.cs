using System.Collections.Concurrent;

namespace Mizugiwa.Mailbox;

/// <summary>
/// Group commit for fsync. One dedicated background thread takes every sync request that is
/// waiting, fsyncs each file of the batch and then each distinct directory once, and completes the
/// whole batch. The first fsync of a batch commits the file system's journal, so the rest are cheap:
/// concurrent writers share fsyncs instead of queueing for them, and no thread-pool thread blocks.
/// </summary>
/// <remarks>
/// A request completes only once everything it asked for is on disk. A failure fails only the
/// requests it concerns, with an <see cref="IOException"/>. Disposing serves what is still queued
/// and stops the thread; requests made after that fail with <see cref="ObjectDisposedException"/>.
/// </remarks>
public sealed class GroupCommitter : IDisposable
{
    private readonly BlockingCollection<SyncRequest> _requests = [];
    private readonly Thread _thread;
    private int _disposed;
    private long _batches;

    public GroupCommitter()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "Mizugiwa group commit" };
        _thread.Start();
    }

    /// <summary>Writes the stream's buffer and fsyncs the file. The caller must not use the stream until this completes.</summary>
    public Task SyncFileAsync(FileStream file) => Enqueue(new SyncRequest(file, null));

    /// <summary>Fsyncs a directory, so that names created, renamed or deleted in it survive a crash.</summary>
    public Task SyncDirectoryAsync(string path) => Enqueue(new SyncRequest(null, path));

    /// <summary>Fsyncs the file and then the directory (a new file's name), in the same batch.</summary>
    public Task SyncAsync(FileStream file, string directory) => Enqueue(new SyncRequest(file, directory));

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _requests.CompleteAdding();
        _thread.Join();
        _requests.Dispose();
    }

    /// <summary>Batches started so far.</summary>
    internal long BatchCount => Interlocked.Read(ref _batches);

    private Task Enqueue(SyncRequest request)
    {
        try
        {
            _requests.Add(request);
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            return Task.FromException(new ObjectDisposedException(nameof(GroupCommitter)));
        }
        return request.Completion;
    }

    private void Run()
    {
        var batch = new List<SyncRequest>();
        foreach (var first in _requests.GetConsumingEnumerable())
        {
            batch.Add(first);
            while (_requests.TryTake(out var next)) batch.Add(next);
            Interlocked.Increment(ref _batches);
            Serve(batch);
            batch.Clear();
        }
    }

    private static void Serve(List<SyncRequest> batch)
    {
        foreach (var request in batch)
        {
            if (request.File is { } file) request.Failure = Attempt(() => FileSync.FlushToDisk(file), request.FileName!);
        }
        var directories = new Dictionary<string, IOException?>();
        foreach (var request in batch)
        {
            if (request.Failure is not null || request.Directory is not { } directory) continue;
            if (!directories.TryGetValue(directory, out var failure))
                directories[directory] = failure = Attempt(() => FileSync.SyncDirectory(directory), directory);
            request.Failure = failure;
        }
        foreach (var request in batch) request.Complete();
    }

    private static IOException? Attempt(Action sync, string name)
    {
        try
        {
            sync();
            return null;
        }
        catch (Exception e)
        {
            return e as IOException ?? new IOException($"fsync {name}: {e.Message}", e);
        }
    }
}
