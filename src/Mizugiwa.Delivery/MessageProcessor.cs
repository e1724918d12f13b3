using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Mizugiwa.Core;
using Mizugiwa.Delivery.Dsn;
using Mizugiwa.Delivery.Outbound;
using Mizugiwa.Mailbox;

namespace Mizugiwa.Delivery;

/// <summary>
/// One delivery round for one queued message: every pending recipient whose retry is due (all of
/// them when forced) is tried — local ones into their Maildir, routed ones through the outbound
/// agent — and then failures are bounced, delay and success notices sent as NOTIFY asks, and the
/// outcome recorded in <c>.done</c>. Call it for one queue id at a time.
/// </summary>
/// <remarks>
/// Order of durability: a DSN is committed to the queue before its recipients are recorded as
/// failed, and a delivery happens before its record. A crash in between repeats a delivery or a
/// notice, never loses one. The record of the last recipient is the removal of the message.
/// </remarks>
internal sealed class MessageProcessor(
    SpoolLayout layout, GroupCommitter committer, LocalDelivery local, QueueManagerOptions queueOptions,
    DeliveryServices services, TimeProvider time, ILogger logger, Forwarding.MailForwarder? forwarder = null)
{
    private sealed record Tracked(QueuedMessage Message, Dictionary<EnvelopeRecipient, RecipientState> States);

    private readonly ConcurrentDictionary<string, Tracked> _messages = new();
    private OutboundOptions Options => services.Outbound;

    public async Task<ProcessResult> ProcessAsync(string queueId, bool force, CancellationToken cancellationToken)
    {
        if (!File.Exists(layout.Message(queueId)))
        {
            _messages.TryRemove(queueId, out _);
            return ProcessResult.Finished; // delivered by an earlier run, or deleted
        }
        if (File.Exists(layout.Hold(queueId)))
        {
            logger.LogDebug("queue={QueueId} status=held", queueId);
            return ProcessResult.Held;
        }
        var tracked = Load(queueId);
        if (tracked is null) return ProcessResult.Finished;
        var message = tracked.Message;
        var envelope = message.Envelope;
        var content = new OutboundMessage(envelope, layout.Message(queueId), message.ContentLength);
        await using var log = await DeliveryLog.OpenAsync(layout.Done(queueId), committer, cancellationToken);
        var now = time.GetUtcNow();
        var pending = envelope.Recipients.Where(r => !RecipientKey.IsDone(log.Delivered, r)).ToList();
        foreach (var r in envelope.Recipients) r.Delivered = log.Delivered.Contains(RecipientKey.Of(r));
        var due = pending.Where(r => force || tracked.States[r].NextAttempt <= now).ToList();

        var results = new List<(EnvelopeRecipient Recipient, RecipientResult Result)>();
        foreach (var r in due.Where(r => r.Route is null))
            results.Add((r, forwarder is null
                ? await local.DeliverAsync(r, envelope.Sender, content, cancellationToken)
                : await forwarder.DeliverAsync(envelope, r, content, log, cancellationToken)));
        var routed = due.Where(r => r.Route is not null).ToList();
        if (routed.Count > 0)
        {
            if (services.Agent is { } agent) results.AddRange(await agent.DeliverAsync(content, routed, cancellationToken));
            else results.AddRange(routed.Select(r => (r, RecipientResult.Deferred("4.3.5", "outbound delivery is not configured"))));
        }

        now = time.GetUtcNow();
        var failed = new List<DsnRecipientReport>();
        var delayed = new List<DsnRecipientReport>();
        var succeeded = new List<DsnRecipientReport>();
        var records = new List<string>();
        foreach (var (recipient, original) in results)
        {
            var result = original;
            var state = tracked.States[recipient];
            if (result.Outcome == RecipientOutcome.Deferred)
            {
                state.Attempts++;
                recipient.Attempts = state.Attempts;
                if (now - envelope.ReceivedAt >= Options.MaxQueueAge)
                    result = RecipientResult.Failed("4.4.7", $"delivery time expired after {Options.MaxQueueAge.TotalDays:0.#} days; last error: {result.Diagnostic}",
                        result.RemoteMta) with { Outcome = RecipientOutcome.Failed };
            }
            state.LastResult = result;
            recipient.LastError = result.Outcome == RecipientOutcome.Delivered ? null : result.Diagnostic;
            Log(queueId, recipient, result, state.Attempts);
            switch (result.Outcome)
            {
                case RecipientOutcome.Delivered:
                    recipient.Delivered = true;
                    records.Add(RecipientKey.Of(recipient));
                    if (!result.RemoteHandlesDsn && DsnRecipientReport.Wanted(recipient.Notify, DsnAction.Delivered))
                        succeeded.Add(new DsnRecipientReport(recipient, recipient.Route is null ? DsnAction.Delivered : DsnAction.Relayed, result, now));
                    break;
                case RecipientOutcome.Failed:
                    records.Add(RecipientKey.FailedPrefix + RecipientKey.Of(recipient));
                    if (DsnRecipientReport.Wanted(recipient.Notify, DsnAction.Failed)) failed.Add(new DsnRecipientReport(recipient, DsnAction.Failed, result, now));
                    break;
                default:
                    state.NextAttempt = now + (recipient.Route is null ? queueOptions.RetryDelay(state.Attempts) : Options.RetryDelay(state.Attempts));
                    if (Options.DelayNoticeAfter > TimeSpan.Zero && now - envelope.ReceivedAt >= Options.DelayNoticeAfter
                        && !log.Delivered.Contains(RecipientKey.DelayedPrefix + RecipientKey.Of(recipient))
                        && DsnRecipientReport.Wanted(recipient.Notify, DsnAction.Delayed))
                    {
                        delayed.Add(new DsnRecipientReport(recipient, DsnAction.Delayed, result, now, envelope.ReceivedAt + Options.MaxQueueAge));
                        records.Add(RecipientKey.DelayedPrefix + RecipientKey.Of(recipient));
                    }
                    break;
            }
        }

        if (services.Dsn is { } dsn)
        {
            foreach (var reports in new[] { failed, delayed, succeeded }.Where(r => r.Count > 0))
                await dsn.SendAsync(content, reports, cancellationToken);
        }

        var remaining = pending.Where(r => !records.Contains(RecipientKey.Of(r)) && !records.Contains(RecipientKey.FailedPrefix + RecipientKey.Of(r))).ToList();
        if (remaining.Count == 0)
        {
            await RemoveAsync(queueId);
            return ProcessResult.Finished;
        }
        foreach (var record in records) await log.AppendAsync(record);
        TryWriteStatus(queueId, remaining.Select(r => (r, tracked.States[r])));
        return new ProcessResult(ProcessState.Waiting, remaining.Min(r => tracked.States[r].NextAttempt));
    }

    /// <summary>Forgets what is kept in memory about a message (after it was deleted from the queue).</summary>
    public void Forget(string queueId) => _messages.TryRemove(queueId, out _);

    private void Log(string queueId, EnvelopeRecipient recipient, RecipientResult result, int attempts)
    {
        var level = result.Outcome == RecipientOutcome.Delivered ? LogLevel.Information : LogLevel.Warning;
        logger.Log(level, "queue={QueueId} to=<{Address}> {Target} status={Outcome} dsn={Status}{Relay} attempts={Attempts}{Reason}",
            queueId, recipient.Address,
            recipient.Route is null ? $"mailbox={recipient.Mailbox}" : $"route={recipient.Route}",
            result.Outcome.ToString().ToLowerInvariant(), result.Status,
            result.RemoteMta is { } mta ? $" relay={mta}" : "", attempts,
            result.Diagnostic is { } diagnostic ? $" ({diagnostic})" : "");
        services.DecisionLog?.Record(new DecisionRecord(time.GetUtcNow(), queueId, "DELIVERY", "", null, null, null, recipient.Address,
            recipient.Route ?? "local", result.Outcome.ToString().ToLowerInvariant(),
            $"{result.Status}{(result.RemoteMta is { } relay ? $" relay={relay}" : "")}{(result.Diagnostic is { } reason ? $" {reason}" : "")}", queueId));
    }

    private void TryWriteStatus(string queueId, IEnumerable<(EnvelopeRecipient, RecipientState)> pending)
    {
        try
        {
            StatusFile.Write(layout.Status(queueId), pending);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogDebug("queue={QueueId} status file not written: {Reason}", queueId, e.Message);
        }
    }

    private Tracked? Load(string queueId)
    {
        if (_messages.TryGetValue(queueId, out var tracked)) return tracked;
        var message = QueueFile.Read(layout.Message(queueId));
        if (message is null) return null;
        tracked = new Tracked(message, message.Envelope.Recipients.ToDictionary<EnvelopeRecipient, EnvelopeRecipient, RecipientState>(r => r, _ => new RecipientState(), ReferenceEqualityComparer.Instance));
        _messages[queueId] = tracked;
        return tracked;
    }

    /// <summary>The message before its <c>.done</c>: a <c>.done</c> left alone is removed when the spool starts.</summary>
    private async Task RemoveAsync(string queueId)
    {
        File.Delete(layout.Message(queueId));
        File.Delete(layout.Done(queueId));
        File.Delete(layout.Status(queueId));
        File.Delete(layout.Hold(queueId));
        _messages.TryRemove(queueId, out _);
        await committer.SyncDirectoryAsync(layout.Queue);
    }
}
