using System.Text;
using Mizugiwa.Mailbox;

namespace Mizugiwa.Delivery;

/// <summary>
/// <c>queue/&lt;id&gt;.done</c>: the mailboxes a queued message has been delivered to, one per line
/// (UTF-8, each ended by '\n'), appended and fsynced after each Maildir delivery. A last line
/// without its '\n' was torn by a crash: it does not count, and the next append overwrites it.
/// </summary>
internal sealed class DeliveryLog(string path, GroupCommitter committer, HashSet<string> delivered, long validLength) : IAsyncDisposable
{
    private FileStream? _file;

    /// <summary>The mailboxes already delivered to.</summary>
    public IReadOnlySet<string> Delivered => delivered;

    /// <summary>Reads the log; an empty one when there is no file.</summary>
    public static async Task<DeliveryLog> OpenAsync(string path, GroupCommitter committer, CancellationToken cancellationToken)
    {
        // Usually there is none: checked first, as an exception per message would cost more.
        byte[] bytes = [];
        if (File.Exists(path))
        {
            try
            {
                bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            }
            catch (FileNotFoundException)
            {
                // Removed in between: nothing delivered yet.
            }
        }
        int validLength = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        var lines = Encoding.UTF8.GetString(bytes, 0, validLength).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return new DeliveryLog(path, committer, [.. lines], validLength);
    }

    /// <summary>Records a delivery and returns once the record is on disk.</summary>
    public async Task AppendAsync(string mailbox)
    {
        bool first = _file is null;
        if (_file is null)
        {
            _file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
            _file.SetLength(validLength);
            _file.Position = validLength;
        }
        await _file.WriteAsync(Encoding.UTF8.GetBytes(mailbox + "\n"));
        await _file.FlushAsync();
        // The first record of this run also syncs queue/, in case the file is new.
        await (first ? committer.SyncAsync(_file, Path.GetDirectoryName(path)!) : committer.SyncFileAsync(_file));
        delivered.Add(mailbox);
    }

    public ValueTask DisposeAsync() => _file?.DisposeAsync() ?? ValueTask.CompletedTask;
}
