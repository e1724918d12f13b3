using System.Buffers;
using Mizugiwa.Core;

namespace Mizugiwa.Smtp;

/// <summary>
/// DATA (RFC 5321 §4.1.1.4) and BDAT (RFC 3030). Content streams to the spool as it arrives;
/// the 250 with the queue id is sent only after the spool has made the message durable.
/// </summary>
internal sealed partial class SmtpSession
{
    private async ValueTask<SmtpReply> DataAsync(string argument)
    {
        var transaction = _transaction!;
        if (argument.Length > 0) return Replies.SyntaxError("DATA takes no argument");
        if (transaction.Recipients.Count == 0) return LogEndOfData(Replies.NoValidRecipients, "");

        ISpooledMessage message;
        try { message = await services.Spool.CreateAsync(services.SessionEnd); }
        catch (IOException e)
        {
            SmtpLog.SpoolError(services.Logger, sessionId, ClientText, e.Message);
            return LogEndOfData(Replies.WriteError, "");
        }
        await using (message)
        {
            var scanner = new MessageDataScanner(dotStuffed: true, _options.MaxTextLineLength, _options.MaxMessageSize);
            transaction.DataReceived = true;
            StartCapture(transaction);
            bool writeFailed = !await TryWriteAsync(transaction, message, WriteReceivedHeader(message, transaction, scanner));
            transport.Send(Replies.StartMailInput);

            var sink = new ArrayBufferWriter<byte>();
            while (!scanner.Finished)
            {
                var result = await transport.ReadAsync(_options.DataTimeout);
                var buffer = result.Buffer;
                var consumed = scanner.Scan(buffer, sink);
                // Commands pipelined after the end of data (RFC 2920 §3.1) are already here: mark only
                // what was used as examined then, so they are read without waiting for more input.
                if (scanner.Finished) transport.AdvanceTo(consumed);
                else transport.AdvanceTo(consumed, buffer.End);
                if (!writeFailed && sink.WrittenCount > 0) writeFailed = !await TryWriteAsync(transaction, message, sink.WrittenMemory);
                sink.ResetWrittenCount();
                if (result.IsCompleted && !scanner.Finished) throw new SessionEndException(null, "lost connection in DATA");
            }
            var reply = await FinishMessageAsync(message, transaction, scanner, writeFailed);
            await AbortTransactionAsync();
            return reply;
        }
    }

    private async ValueTask<SmtpReply> BdatAsync(string argument)
    {
        var parts = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 1 or > 2 || !long.TryParse(parts[0], System.Globalization.NumberStyles.None, null, out var size)
            || (parts.Length == 2 && !parts[1].Equals("LAST", StringComparison.OrdinalIgnoreCase)))
        {
            // Without a valid size we cannot tell where the chunk ends, so the session cannot go on.
            throw new SessionEndException(new SmtpReply(501, "5.5.4", "Syntax: BDAT size [LAST]"), "bad BDAT syntax");
        }
        bool last = parts.Length == 2;
        var transaction = _transaction;
        SmtpReply? refusal = null;
        if (!SmtpStateTable.IsAllowed(SmtpVerb.Bdat, _phase)) refusal = Replies.BadSequence(SmtpStateTable.RefusalText(SmtpVerb.Bdat));
        else if (transaction!.Recipients.Count == 0) refusal = Replies.NoValidRecipients;

        if (refusal is not null || transaction is null)
        {
            await SkipAsync(size);
            return refusal!;
        }
        if (transaction.Chunked is null)
        {
            try { transaction.Chunked = await services.Spool.CreateAsync(services.SessionEnd); }
            catch (IOException e)
            {
                SmtpLog.SpoolError(services.Logger, sessionId, ClientText, e.Message);
                await SkipAsync(size);
                await AbortTransactionAsync();
                return LogEndOfData(Replies.WriteError, "");
            }
            transaction.DataReceived = true;
            transaction.ChunkScanner = new MessageDataScanner(dotStuffed: false, _options.MaxTextLineLength, _options.MaxMessageSize);
            StartCapture(transaction);
            transaction.ChunkWriteFailed = !await TryWriteAsync(transaction, transaction.Chunked, WriteReceivedHeader(transaction.Chunked, transaction, transaction.ChunkScanner));
        }
        var message = transaction.Chunked;
        var scanner = transaction.ChunkScanner!;
        var sink = new ArrayBufferWriter<byte>();
        long remaining = size;
        while (remaining > 0 || (last && size == 0 && sink.WrittenCount == 0 && !scanner.Finished))
        {
            if (remaining == 0) { scanner.ScanChunkPiece(ReadOnlySequence<byte>.Empty, sink, true); break; }
            var result = await transport.ReadAsync(_options.DataTimeout);
            var piece = result.Buffer.Slice(0, Math.Min(remaining, result.Buffer.Length));
            remaining -= piece.Length;
            scanner.ScanChunkPiece(piece, sink, last && remaining == 0);
            transport.AdvanceTo(piece.End);
            if (!transaction.ChunkWriteFailed && sink.WrittenCount > 0) transaction.ChunkWriteFailed = !await TryWriteAsync(transaction, message, sink.WrittenMemory);
            sink.ResetWrittenCount();
            if (remaining > 0 && result.IsCompleted) throw new SessionEndException(null, "lost connection in BDAT");
        }

        if (!last)
        {
            if (!scanner.SizeExceeded) return Replies.ChunkReceived(size);
            await AbortTransactionAsync();
            return LogEndOfData(Replies.SizeExceeded, "");
        }
        var reply = await FinishMessageAsync(message, transaction, scanner, transaction.ChunkWriteFailed);
        await AbortTransactionAsync();
        return reply;
    }

    private async ValueTask SkipAsync(long octets)
    {
        while (octets > 0)
        {
            var result = await transport.ReadAsync(_options.DataTimeout);
            var piece = result.Buffer.Slice(0, Math.Min(octets, result.Buffer.Length));
            octets -= piece.Length;
            transport.AdvanceTo(piece.End);
            if (octets > 0 && result.IsCompleted) throw new SessionEndException(null, "lost connection in BDAT");
        }
    }

    private async ValueTask<SmtpReply> FinishMessageAsync(ISpooledMessage message, MailTransaction transaction, MessageDataScanner scanner, bool writeFailed)
    {
        SmtpReply reply;
        if (scanner.SizeExceeded) reply = Replies.SizeExceeded;
        else if (scanner.BareLineEnding) reply = Replies.BareLineEnding;
        else if (scanner.LineTooLong) reply = Replies.TextLineTooLong(_options.MaxTextLineLength);
        else if (writeFailed) reply = Replies.WriteError;
        else
        {
            try
            {
                var filtered = await FilterContentAsync(message, transaction);
                if (filtered?.Rejection is { } rejection) return LogEndOfData(rejection, "", filtered);
                var size = filtered?.ReplacementMessage?.Length ?? scanner.Size;
                await message.CommitAsync(BuildEnvelope(message.QueueId, transaction, size, filtered?.Recipients), services.SessionEnd);
                reply = Replies.Queued(message.QueueId);
                await RecordSentAsync(transaction);
                return LogEndOfData(reply, message.QueueId, filtered);
            }
            catch (IOException e)
            {
                SmtpLog.SpoolError(services.Logger, sessionId, ClientText, e.Message);
                reply = Replies.WriteError;
            }
        }
        return LogEndOfData(reply, reply.IsSuccess ? message.QueueId : "");
    }

    private SmtpReply LogEndOfData(SmtpReply reply, string queueId, Checks.ContentFilterResult? content = null)
    {
        var transaction = _transaction;
        var to = transaction is null ? "" : string.Join(",", transaction.Recipients.Select(r => r.Address).Distinct());
        LogDecision("DATA", transaction?.Sender ?? "", to, queueId, reply,
            content is null ? null : new Checks.Verdict(Checks.VerdictAction.Continue, null, "content", content.LogText), content?.Action);
        return reply;
    }

    /// <summary>Keeps a copy of the content only when the filter will scan it (not for trusted or authenticated clients).</summary>
    private void StartCapture(MailTransaction transaction)
    {
        if (services.ContentFilter is { } filter && filter.SkipReason(Context) is null) transaction.Capture = new ContentCapture(filter.MaxScanSize);
    }

    /// <summary>
    /// Asks the content level about a whole message before it is committed; null when there is no filter,
    /// the message was too large to scan, or the filter failed; for sessions it does not scan, only why (the message is then accepted unscanned: a
    /// broken filter must not stop the mail).
    /// </summary>
    private async ValueTask<Checks.ContentFilterResult?> FilterContentAsync(ISpooledMessage message, MailTransaction transaction)
    {
        if (services.ContentFilter is not { } filter) return null;
        if (filter.SkipReason(Context) is { } skipped) return Checks.ContentFilterResult.Unscanned(transaction.Recipients, skipped);
        if (transaction.Capture is not { Overflowed: false } capture) return null;
        Checks.ContentFilterResult result;
        try
        {
            result = await filter.FilterAsync(new Checks.ContentFilterRequest(Context, transaction.Sender, transaction.Recipients, capture.Written), services.SessionEnd);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            SmtpLog.ContentFilterError(services.Logger, sessionId, ClientText, e.Message);
            return null;
        }
        if (result.ReplacementMessage is { } replacement) await message.ReplaceContentAsync(replacement, services.SessionEnd);
        return result;
    }

    private MessageEnvelope BuildEnvelope(string queueId, MailTransaction transaction, long size, IReadOnlyList<EnvelopeRecipient>? recipients) => new()
    {
        QueueId = queueId,
        ReceivedAt = services.Time.GetUtcNow(),
        ClientAddress = ClientText,
        ClientHelo = _helo,
        Sender = transaction.Sender,
        Ret = transaction.Ret,
        EnvId = transaction.EnvId,
        Body = transaction.Body,
        SmtpUtf8 = transaction.SmtpUtf8,
        Size = size,
        Recipients = recipients is null ? transaction.Recipients : [.. recipients],
    };

    private byte[] WriteReceivedHeader(ISpooledMessage message, MailTransaction transaction, MessageDataScanner scanner)
    {
        var addresses = transaction.Recipients.Select(r => r.Address).Distinct().ToList();
        var header = ReceivedHeader.Build(_helo, ClientText, Context.ClientName, _options.HostName, _esmtp, transaction.SmtpUtf8,
            transport.Tls, message.QueueId, addresses.Count == 1 ? addresses[0] : null, services.Time.GetUtcNow(), _authUser);
        if (transaction.Headers.Count > 0)
            header = [.. header, .. System.Text.Encoding.UTF8.GetBytes(string.Concat(transaction.Headers.Select(h => $"{h.Name}: {h.Value}\r\n")))];
        scanner.AddPrefix(header.Length);
        return header;
    }

    private async ValueTask<bool> TryWriteAsync(MailTransaction transaction, ISpooledMessage message, ReadOnlyMemory<byte> data)
    {
        transaction.Capture?.Append(data.Span);
        try
        {
            await message.Content.WriteAsync(data, services.SessionEnd);
            return true;
        }
        catch (IOException e)
        {
            SmtpLog.SpoolError(services.Logger, sessionId, ClientText, e.Message);
            return false;
        }
    }
}
