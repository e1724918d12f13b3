using Microsoft.Extensions.Logging;
using Mizugiwa.Core;
using Mizugiwa.Mailbox;

namespace Mizugiwa.Delivery;

/// <summary>
/// The intake spool on local disk: the SMTP layer answers 250 only once
/// <see cref="ISpooledMessage.CommitAsync"/> has returned, and that returns only once the message,
/// its envelope and its name in <c>queue/</c> are fsynced (one <see cref="QueueFile"/> per message).
/// </summary>
/// <remarks>
/// Constructing the spool cleans up after a crash: a <c>.msg</c> without a valid trailer never got a
/// 250 and is deleted, and so is a <c>.done</c> whose message is gone (a finished delivery).
/// Anything else in <c>queue/</c> is left alone, with a warning.
/// </remarks>
public sealed class FileSpool : IMessageSpool
{
    private const int ContentBufferSize = 64 * 1024;

    private readonly TimeProvider _timeProvider;
    private readonly ILogger<FileSpool> _logger;

    public FileSpool(string spoolDirectory, GroupCommitter committer, TimeProvider timeProvider, ILogger<FileSpool> logger)
    {
        Committer = committer;
        _timeProvider = timeProvider;
        _logger = logger;
        Layout = new SpoolLayout(spoolDirectory);
        Directory.CreateDirectory(Layout.Queue);
        RemoveLeftovers();
    }

    /// <summary>Raised with the queue id once a message is durable in the queue.</summary>
    public event EventHandler<string>? Committed;

    internal SpoolLayout Layout { get; }

    internal GroupCommitter Committer { get; }

    public ValueTask<ISpooledMessage> CreateAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string queueId = QueueId.New(_timeProvider);
        var content = new FileStream(Layout.Message(queueId), FileMode.CreateNew, FileAccess.Write, FileShare.None, ContentBufferSize, FileOptions.Asynchronous);
        return ValueTask.FromResult<ISpooledMessage>(new SpooledMessage(this, queueId, content));
    }

    /// <summary>The ids of the committed messages now in the queue; messages still being received are left out.</summary>
    internal IEnumerable<string> QueuedIds() =>
        Directory.GetFiles(Layout.Queue, "*" + SpoolLayout.MessageExtension).Where(IsCommitted).Select(path => Path.GetFileNameWithoutExtension(path));

    internal void Announce(string queueId)
    {
        // The SMTP decision line of end of DATA already names the queue id; this is for debugging.
        _logger.LogDebug("queue={QueueId} status=queued", queueId);
        Committed?.Invoke(this, queueId);
    }

    /// <summary>Removes an uncommitted message, best effort: what stays behind is removed at the next start.</summary>
    internal void Discard(string queueId)
    {
        try
        {
            File.Delete(Layout.Message(queueId));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("queue={QueueId} could not remove {File}: {Reason}", queueId, Layout.Message(queueId), e.Message);
        }
    }

    private void RemoveLeftovers()
    {
        foreach (var file in Directory.GetFiles(Layout.Queue))
        {
            switch (Path.GetExtension(file))
            {
                case SpoolLayout.MessageExtension:
                    RemoveIfUncommitted(file);
                    break;
                case SpoolLayout.DoneExtension or SpoolLayout.HoldExtension or SpoolLayout.StatusExtension
                    when !File.Exists(Path.ChangeExtension(file, SpoolLayout.MessageExtension)):
                    RemoveLeftover(file, "belongs to a message no longer queued");
                    break;
                case SpoolLayout.DoneExtension or SpoolLayout.HoldExtension or SpoolLayout.StatusExtension:
                    break;
                case ".tmp":
                    RemoveLeftover(file, "unfinished status file");
                    break;
                default:
                    _logger.LogWarning("spool: left {File} alone (not a queue file)", file);
                    break;
            }
        }
    }

    private static bool IsCommitted(string file)
    {
        try
        {
            return QueueFile.Read(file) is not null;
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return false;
        }
    }

    private void RemoveIfUncommitted(string file)
    {
        try
        {
            QueueFile.Read(file);
        }
        catch (InvalidDataException e)
        {
            RemoveLeftover(file, $"never committed, no 250 was given; {e.Message}");
        }
    }

    private void RemoveLeftover(string file, string reason)
    {
        File.Delete(file);
        _logger.LogWarning("spool: removed {File} ({Reason})", file, reason);
    }
}
