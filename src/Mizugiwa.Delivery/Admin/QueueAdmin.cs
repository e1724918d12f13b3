using System.Text;
using Mizugiwa.Core;

namespace Mizugiwa.Delivery.Admin;

/// <summary>One queued message as <c>mizugiwa queue list</c> shows it.</summary>
public sealed record QueueEntry(string QueueId, DateTimeOffset ReceivedAt, long Size, string Sender, int Recipients, int Pending, bool Held, string? LastStatus);

/// <summary>One recipient of a queued message: <see cref="State"/> is delivered, failed (bounced) or pending.</summary>
public sealed record QueueRecipientInfo(string Address, string? Route, string Mailbox, string State, int? Attempts, DateTimeOffset? NextAttempt, string? Status, string? Diagnostic);

/// <summary>What <c>mizugiwa queue show</c> prints.</summary>
public sealed record QueueMessageInfo(QueueEntry Entry, MessageEnvelope Envelope, IReadOnlyList<QueueRecipientInfo> Recipients, string Header);

/// <summary>
/// The queue seen from the command line, working on the spool directory directly: list, show,
/// hold (a <c>.hold</c> marker the queue manager honours before each attempt), release (removes it
/// and requests a flush), delete, and flush (the file <c>spool/flush</c>, carried out by a running
/// server at its next queue scan). Attempt counts and last errors come from the informational
/// <c>.status</c> file the server writes after each attempt.
/// </summary>
public sealed class QueueAdmin(string spoolDirectory)
{
    private readonly SpoolLayout _layout = new(spoolDirectory);

    public IReadOnlyList<QueueEntry> List()
    {
        if (!Directory.Exists(_layout.Queue)) return [];
        var entries = new List<QueueEntry>();
        foreach (var file in Directory.GetFiles(_layout.Queue, "*" + SpoolLayout.MessageExtension))
        {
            if (Show(Path.GetFileNameWithoutExtension(file)) is { } info) entries.Add(info.Entry);
        }
        return [.. entries.OrderBy(e => e.ReceivedAt).ThenBy(e => e.QueueId, StringComparer.Ordinal)];
    }

    /// <summary>The message's envelope, recipients and header; null when there is no such committed message.</summary>
    public QueueMessageInfo? Show(string queueId)
    {
        if (!QueueId.IsValid(queueId)) return null;
        QueuedMessage? message;
        try
        {
            message = QueueFile.Read(_layout.Message(queueId));
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return null; // still being received, or half written
        }
        if (message is null) return null;
        var envelope = message.Envelope;
        var done = ReadDone(queueId);
        var status = StatusFile.Read(_layout.Status(queueId)).ToDictionary(l => l.Key, StringComparer.Ordinal);
        var recipients = envelope.Recipients.Select(r =>
        {
            string key = RecipientKey.Of(r);
            string state = done.Contains(key) ? "delivered" : done.Contains(RecipientKey.FailedPrefix + key) ? "failed" : "pending";
            status.TryGetValue(key, out var last);
            return state == "pending"
                ? new QueueRecipientInfo(r.Address, r.Route, r.Mailbox, state, last?.Attempts, last?.NextAttempt, last?.Status, last?.Diagnostic)
                : new QueueRecipientInfo(r.Address, r.Route, r.Mailbox, state, null, null, null, null);
        }).ToList();
        var pending = recipients.Where(r => r.State == "pending").ToList();
        var entry = new QueueEntry(queueId, envelope.ReceivedAt, message.ContentLength, envelope.Sender, recipients.Count, pending.Count,
            File.Exists(_layout.Hold(queueId)), pending.Select(p => p.Status).FirstOrDefault(s => s is not null));
        return new QueueMessageInfo(entry, envelope, recipients, ReadHeader(queueId, message.ContentLength));
    }

    /// <summary>Puts a message on hold; false when there is no such message.</summary>
    public bool Hold(string queueId)
    {
        if (!Exists(queueId)) return false;
        File.WriteAllText(_layout.Hold(queueId), "");
        return true;
    }

    /// <summary>Releases a held message and requests a flush so that a running server tries it at its next scan; false when it was not held.</summary>
    public bool Release(string queueId)
    {
        if (!QueueId.IsValid(queueId) || !File.Exists(_layout.Hold(queueId))) return false;
        File.Delete(_layout.Hold(queueId));
        RequestFlush();
        return true;
    }

    /// <summary>Removes a message and its records without any notice; false when there is no such message.</summary>
    public bool Delete(string queueId)
    {
        if (!Exists(queueId)) return false;
        File.Delete(_layout.Message(queueId));
        foreach (var file in new[] { _layout.Done(queueId), _layout.Hold(queueId), _layout.Status(queueId) }) File.Delete(file);
        return true;
    }

    /// <summary>Asks a running server to try every pending recipient at its next queue scan.</summary>
    public void RequestFlush()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_layout.FlushRequest)!);
        File.WriteAllText(_layout.FlushRequest, "");
    }

    /// <summary>Whether a flush request is still waiting for the server.</summary>
    public bool FlushPending => File.Exists(_layout.FlushRequest);

    private bool Exists(string queueId) => QueueId.IsValid(queueId) && File.Exists(_layout.Message(queueId));

    private HashSet<string> ReadDone(string queueId)
    {
        var path = _layout.Done(queueId);
        if (!File.Exists(path)) return [];
        var text = File.ReadAllText(path);
        int valid = text.LastIndexOf('\n') + 1;
        return [.. text[..valid].Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    private string ReadHeader(string queueId, long contentLength)
    {
        using var file = new FileStream(_layout.Message(queueId), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var buffer = new byte[(int)Math.Min(contentLength, 64 * 1024)];
        file.ReadExactly(buffer);
        var text = Encoding.UTF8.GetString(buffer);
        int end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0) end = text.IndexOf("\n\n", StringComparison.Ordinal);
        return end < 0 ? text : text[..end];
    }
}
