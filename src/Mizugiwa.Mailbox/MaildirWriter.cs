using System.Buffers;

namespace Mizugiwa.Mailbox;

/// <summary>
/// Delivers into a Maildir the way cr.yp.to/proto/maildir.html describes: write the message under a
/// unique name in <c>tmp/</c>, fsync it, rename it into <c>new/</c>, then fsync <c>new/</c>. The
/// fsyncs go through the <see cref="GroupCommitter"/>. A reader never sees a partial message, and a
/// delivery that returned survives a crash.
/// </summary>
public sealed class MaildirWriter(GroupCommitter committer, TimeProvider timeProvider)
{
    private const int BufferSize = 64 * 1024;
    private static readonly string[] Subdirectories = ["tmp", "new", "cur"];

    /// <summary>The spec's host name part: '/' and ':' would break the name, so they are escaped as \057 and \072.</summary>
    private static readonly string HostName = Environment.MachineName.Replace("/", @"\057").Replace(":", @"\072");

    /// <summary>Deliveries made by this process: the Q part of the name, shared by all writers.</summary>
    private static long s_deliveries;

    /// <summary>
    /// Writes <paramref name="head"/> and then bytes <paramref name="skip"/> up to <paramref name="length"/> of
    /// <paramref name="sourceFile"/> into the Maildir (created if missing) and returns the path of the new file in
    /// <c>new/</c>. The head is e.g. the Return-Path of final delivery; it stands for the first <paramref name="skip"/>
    /// bytes of the file when it ends with a changed header section (a tagged Subject).
    /// </summary>
    /// <exception cref="IOException">The Maildir could not be created or written, or the source is shorter than <paramref name="length"/>.</exception>
    public async Task<string> DeliverAsync(string maildirPath, ReadOnlyMemory<byte> head, string sourceFile, long skip, long length, CancellationToken cancellationToken)
    {
        await CreateMaildirAsync(maildirPath);
        string name = UniqueName();
        string temporary = Path.Combine(maildirPath, "tmp", name);
        var target = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
        try
        {
            await using (target)
            {
                await target.WriteAsync(head, cancellationToken);
                await CopyRangeAsync(sourceFile, skip, length, target, cancellationToken);
                await target.FlushAsync(cancellationToken);
                await committer.SyncFileAsync(target);
            }
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
        string newDirectory = Path.Combine(maildirPath, "new");
        string delivered = Path.Combine(newDirectory, name);
        File.Move(temporary, delivered);
        await committer.SyncDirectoryAsync(newDirectory);
        MaildirSize.Record(maildirPath, new FileInfo(delivered).Length);
        MaildirChanges.Changed(maildirPath);
        return delivered;
    }

    private static async Task CopyRangeAsync(string sourceFile, long start, long end, FileStream target, CancellationToken cancellationToken)
    {
        await using var source = new FileStream(sourceFile, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        source.Position = start;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            for (long remaining = end - start; remaining > 0;)
            {
                int read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken);
                if (read == 0) throw new IOException($"{sourceFile} ends {remaining} byte(s) before the expected {end}");
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                remaining -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary><c>&lt;unixtime&gt;.M&lt;micro&gt;P&lt;pid&gt;Q&lt;counter&gt;.&lt;hostname&gt;</c></summary>
    private string UniqueName()
    {
        var now = timeProvider.GetUtcNow();
        long micro = now.Ticks % TimeSpan.TicksPerSecond / TimeSpan.TicksPerMicrosecond;
        long delivery = Interlocked.Increment(ref s_deliveries);
        return $"{now.ToUnixTimeSeconds()}.M{micro}P{Environment.ProcessId}Q{delivery}.{HostName}";
    }

    /// <summary>Creates tmp/, new/ and cur/ when missing, and fsyncs every directory that got a new entry.</summary>
    private Task CreateMaildirAsync(string maildirPath)
    {
        if (Subdirectories.All(sub => Directory.Exists(Path.Combine(maildirPath, sub)))) return Task.CompletedTask;
        string maildir = Path.TrimEndingDirectorySeparator(Path.GetFullPath(maildirPath));
        string existing = maildir;
        while (!Directory.Exists(existing)) existing = Path.GetDirectoryName(existing)!;
        foreach (var sub in Subdirectories) Directory.CreateDirectory(Path.Combine(maildir, sub));
        var syncs = new List<Task>();
        for (string? dir = maildir; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            syncs.Add(committer.SyncDirectoryAsync(dir));
            if (dir == existing) break;
        }
        return Task.WhenAll(syncs);
    }
}
