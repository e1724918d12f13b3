using Microsoft.Extensions.Logging;
using Mizugiwa.Core;

namespace Mizugiwa.Delivery;

/// <summary>
/// The intake spool on local disk, after Postfix: the SMTP layer answers 250 only once
/// <see cref="ISpooledMessage.CommitAsync"/> has returned, and that returns only once the message
/// and its envelope are fsynced in <c>queue/</c>.
/// </summary>
/// <remarks>
/// Constructing the spool cleans up after a crash: everything in <c>incoming/</c> never got a 250 and
/// is deleted, and so are half-committed or half-removed files in <c>queue/</c> (content without
/// envelope, envelope without content, unfinished <c>.json.tmp</c> envelope updates).
/// </remarks>
public sealed class FileSpool : IMessageSpool
{
    private const int ContentBufferSize = 64 * 1024;

    private readonly TimeProvider _timeProvider;
    private readonly ILogger<FileSpool> _logger;

    public FileSpool(string spoolDirectory, TimeProvider timeProvider, ILogger<FileSpool> logger)
    {
        _timeProvider = timeProvider;
        _logger = logger;
        Layout = new SpoolLayout(spoolDirectory);
        Directory.CreateDirectory(Layout.Incoming);
        Directory.CreateDirectory(Layout.Queue);
        RemoveLeftovers();
    }

    /// <summary>Raised with the queue id once a message is durable in the queue.</summary>
    public event EventHandler<string>? Committed;

    internal SpoolLayout Layout { get; }

    public ValueTask<ISpooledMessage> CreateAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        string queueId = QueueId.New(_timeProvider);
        var content = new FileStream(Layout.IncomingContent(queueId), FileMode.CreateNew, FileAccess.Write, FileShare.None, ContentBufferSize, FileOptions.Asynchronous);
        return ValueTask.FromResult<ISpooledMessage>(new SpooledMessage(this, queueId, content));
    }

    /// <summary>The ids of the committed messages now in the queue.</summary>
    internal IEnumerable<string> QueuedIds() =>
        Directory.GetFiles(Layout.Queue, "*.json").Select(path => Path.GetFileNameWithoutExtension(path));

    internal void Announce(string queueId)
    {
        _logger.LogInformation("queue={QueueId} status=queued", queueId);
        Committed?.Invoke(this, queueId);
    }

    /// <summary>Removes an uncommitted message, best effort: what stays behind is removed at the next start.</summary>
    internal void Discard(string queueId)
    {
        // Envelope before content, so that a crash in between leaves nothing that looks committed.
        string[] files = [Layout.QueuedEnvelope(queueId), Layout.QueuedContent(queueId), Layout.IncomingEnvelope(queueId), Layout.IncomingContent(queueId)];
        foreach (var file in files)
        {
            try
            {
                File.Delete(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning("queue={QueueId} could not remove {File}: {Reason}", queueId, file, e.Message);
            }
        }
    }

    private void RemoveLeftovers()
    {
        foreach (var file in Directory.GetFiles(Layout.Incoming))
            RemoveLeftover(file, "never committed, no 250 was given");
        foreach (var file in Directory.GetFiles(Layout.Queue))
        {
            string stem = Path.Combine(Layout.Queue, Path.GetFileNameWithoutExtension(file));
            switch (Path.GetExtension(file))
            {
                case ".eml" when !File.Exists(stem + ".json"):
                    RemoveLeftover(file, "content without envelope, never committed");
                    break;
                case ".json" when !File.Exists(stem + ".eml"):
                    RemoveLeftover(file, "envelope without content, never committed");
                    break;
                case ".tmp":
                    RemoveLeftover(file, "unfinished envelope update");
                    break;
            }
        }
    }

    private void RemoveLeftover(string file, string reason)
    {
        File.Delete(file);
        _logger.LogWarning("spool: removed {File} ({Reason})", file, reason);
    }
}
