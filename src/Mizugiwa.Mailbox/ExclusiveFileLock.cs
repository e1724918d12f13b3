using System.Diagnostics;

namespace Mizugiwa.Mailbox;

/// <summary>
/// An exclusive lock on a lock file, held while this object lives. .NET takes it with flock(2) (FileShare.None),
/// so it works between processes and between two opens in one process, and the kernel lets it go when the
/// holder dies: no stale lock files to clean up. Two nodes sharing Maildir storage over NFS see each other's
/// locks where the NFS client maps flock to byte-range locks, as Linux does.
/// </summary>
public sealed class ExclusiveFileLock : IDisposable
{
    private static readonly TimeSpan RetryStep = TimeSpan.FromMilliseconds(20);
    private readonly FileStream _file;

    private ExclusiveFileLock(FileStream file) => _file = file;

    /// <summary>The lock on <paramref name="path"/> (the file is made when missing); null when someone else holds it.</summary>
    public static ExclusiveFileLock? TryTake(string path)
    {
        try { return new ExclusiveFileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)); }
        catch (IOException) when (File.Exists(path)) { return null; }
    }

    /// <summary>
    /// Waits up to <paramref name="wait"/> for the lock on <paramref name="path"/>; throws <see cref="LockBusyException"/>
    /// when it is still held then. Meant for short critical sections (a list file rewritten), so the wait is a poll.
    /// </summary>
    public static ExclusiveFileLock Take(string path, TimeSpan wait)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (TryTake(path) is { } taken) return taken;
            if (waited.Elapsed >= wait) throw new LockBusyException(path);
            Thread.Sleep(RetryStep);
        }
    }

    public void Dispose() => _file.Dispose();
}

/// <summary>A lock file stayed held by another session or process for longer than the caller would wait.</summary>
public sealed class LockBusyException(string path) : IOException($"{Path.GetFileName(path)} is held by another session or process");
