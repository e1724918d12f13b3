using System.Buffers;
using System.IO.Pipelines;
using Mizugiwa.Mailbox;

namespace Mizugiwa.Pop3;

/// <summary>
/// A user's INBOX Maildir (new/ and cur/) as one POP3 session sees it: the messages numbered at login,
/// deletion marks, and the UPDATE state that removes the marked files.
/// </summary>
internal sealed class Maildrop
{
    private const int ChunkSize = 64 * 1024;
    private readonly List<MaildropMessage> _messages;

    private Maildrop(string maildir, List<MaildropMessage> messages)
    {
        Directory = maildir;
        _messages = messages;
    }

    public string Directory { get; }
    public IReadOnlyList<MaildropMessage> Messages => _messages;
    public int Count => _messages.Count(m => !m.Deleted);
    public long Octets => _messages.Where(m => !m.Deleted).Sum(m => m.Octets);

    /// <summary>Lists new/ and cur/ oldest first (a Maildir that does not exist yet is empty).</summary>
    /// <exception cref="IOException">A folder or a message cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException"/>
    public static async Task<Maildrop> OpenAsync(string maildir, MessageSizes sizes, CancellationToken cancellationToken)
    {
        var files = new List<FileInfo>();
        foreach (var sub in new[] { "new", "cur" })
        {
            var folder = new DirectoryInfo(Path.Combine(maildir, sub));
            if (folder.Exists) files.AddRange(folder.EnumerateFiles().Where(f => !f.Name.StartsWith('.')));
        }
        var messages = new List<MaildropMessage>();
        foreach (var file in files.OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal))
        {
            var uid = MaildropMessage.UidOf(file.Name);
            if (!sizes.TryGet(maildir, uid, file.Length, out var octets))
            {
                try { octets = await MeasureAsync(file.FullName, cancellationToken); }
                catch (FileNotFoundException) { continue; } // taken away by another reader meanwhile
                sizes.Remember(maildir, uid, file.Length, octets);
            }
            messages.Add(new MaildropMessage(messages.Count + 1, uid, file.FullName, octets));
        }
        return new Maildrop(maildir, messages);
    }

    /// <summary>Message <paramref name="number"/> (1-based), marked deleted or not; null when there is no such number.</summary>
    public MaildropMessage? Find(int number) => number >= 1 && number <= _messages.Count ? _messages[number - 1] : null;

    public void Reset()
    {
        foreach (var message in _messages) message.Deleted = false;
    }

    /// <summary>Opens a message for reading; null when its file is gone (another reader removed it).</summary>
    public FileStream? Open(MaildropMessage message)
    {
        foreach (var path in Candidates(message))
        {
            try
            {
                var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
                message.Path = path;
                return stream;
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { }
        }
        return null;
    }

    /// <summary>Copies a message in its POP3 form to <paramref name="output"/>, flushing after every chunk.</summary>
    public static async Task CopyAsync(FileStream source, PipeWriter output, int? bodyLines, Func<ValueTask> flush, CancellationToken cancellationToken)
    {
        var formatter = new WireFormatter(output, bodyLines);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int read;
            while (!formatter.Done && (read = await source.ReadAsync(buffer.AsMemory(0, ChunkSize), cancellationToken)) > 0)
            {
                formatter.Write(buffer.AsSpan(0, read));
                await flush();
            }
            formatter.Complete();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Marks a retrieved message seen the Maildir way: moved from new/ to cur/ with the flag S, keeping its
    /// unique name (and so its UIDL). A failure changes nothing for the client.
    /// </summary>
    public void MarkSeen(MaildropMessage message)
    {
        var folder = Path.GetFileName(Path.GetDirectoryName(message.Path));
        if (folder != "new") return;
        var target = Path.Combine(Directory, "cur", Path.GetFileName(message.Path) + ":2,S");
        try
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(message.Path, target);
            message.Path = target;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>
    /// The UPDATE state (RFC 1939 §6): removes the files of the messages marked deleted. A file already gone
    /// is not an error. Returns how many were removed and how many could not be; the maildirsize quota file
    /// is told of the freed bytes.
    /// </summary>
    public (int Removed, int Failed) Commit()
    {
        int removed = 0, failed = 0, freed = 0;
        long bytes = 0;
        foreach (var message in _messages.Where(m => m.Deleted))
        {
            var path = Candidates(message).FirstOrDefault(File.Exists);
            if (path is null)
            {
                removed++;
                continue;
            }
            try
            {
                var length = new FileInfo(path).Length;
                File.Delete(path);
                bytes += length;
                freed++;
                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failed++;
            }
        }
        MaildirSize.Record(Directory, -bytes, -freed);
        // An IMAP session of this process in IDLE on the inbox tells its client at once.
        if (freed > 0) MaildirChanges.Changed(Directory);
        return (removed, failed);
    }

    /// <summary>The message's last known path, then the same unique name in new/ or cur/ (moved or flagged by another reader).</summary>
    private IEnumerable<string> Candidates(MaildropMessage message)
    {
        yield return message.Path;
        foreach (var sub in new[] { "new", "cur" })
        {
            var folder = Path.Combine(Directory, sub);
            if (!System.IO.Directory.Exists(folder)) continue;
            foreach (var path in System.IO.Directory.EnumerateFiles(folder, message.Uid + "*"))
                if (path != message.Path && MaildropMessage.UidOf(Path.GetFileName(path)) == message.Uid) yield return path;
        }
    }

    private static async Task<long> MeasureAsync(string path, CancellationToken cancellationToken)
    {
        await using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var formatter = new WireFormatter(null);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, ChunkSize), cancellationToken)) > 0) formatter.Write(buffer.AsSpan(0, read));
            formatter.Complete();
            return formatter.Octets;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
