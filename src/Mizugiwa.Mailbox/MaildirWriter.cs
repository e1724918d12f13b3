namespace Mizugiwa.Mailbox;

/// <summary>
/// Delivers into a Maildir the way cr.yp.to/proto/maildir.html describes: write the message under a
/// unique name in <c>tmp/</c>, fsync it, rename it into <c>new/</c>, then fsync <c>new/</c>.
/// A reader never sees a partial message, and a delivery that returned survives a crash.
/// </summary>
public sealed class MaildirWriter(TimeProvider timeProvider)
{
    private const int BufferSize = 64 * 1024;
    private static readonly string[] Subdirectories = ["tmp", "new", "cur"];

    /// <summary>The spec's host name part: '/' and ':' would break the name, so they are escaped as \057 and \072.</summary>
    private static readonly string HostName = Environment.MachineName.Replace("/", @"\057").Replace(":", @"\072");

    /// <summary>Deliveries made by this process: the Q part of the name, shared by all writers.</summary>
    private static long s_deliveries;

    /// <summary>Copies <paramref name="sourceFile"/> into the Maildir (created if missing) and returns the path of the new file in <c>new/</c>.</summary>
    /// <exception cref="IOException">The Maildir could not be created or written.</exception>
    public async Task<string> DeliverAsync(string maildirPath, string sourceFile, CancellationToken cancellationToken)
    {
        CreateMaildir(maildirPath);
        string name = UniqueName();
        string temporary = Path.Combine(maildirPath, "tmp", name);
        var target = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
        try
        {
            await using (target)
            {
                await using var source = new FileStream(sourceFile, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
                await source.CopyToAsync(target, cancellationToken);
                FileSync.FlushToDisk(target);
            }
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
        string delivered = Path.Combine(maildirPath, "new", name);
        File.Move(temporary, delivered);
        FileSync.SyncDirectory(Path.Combine(maildirPath, "new"));
        return delivered;
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
    private static void CreateMaildir(string maildirPath)
    {
        if (Subdirectories.All(sub => Directory.Exists(Path.Combine(maildirPath, sub)))) return;
        string maildir = Path.TrimEndingDirectorySeparator(Path.GetFullPath(maildirPath));
        string existing = maildir;
        while (!Directory.Exists(existing)) existing = Path.GetDirectoryName(existing)!;
        foreach (var sub in Subdirectories) Directory.CreateDirectory(Path.Combine(maildir, sub));
        for (string? dir = maildir; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            FileSync.SyncDirectory(dir);
            if (dir == existing) break;
        }
    }
}
