using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Mizugiwa.Core;
using Mizugiwa.Milter.Protocol;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Milter;

/// <summary>
/// A Sendmail milter (protocol version 6, as Postfix's smtpd_milters speaks it) that gives an MTA the content
/// level: the MTA sends the client, envelope, headers and body; at the end of the body the message is scanned
/// and refused (550 5.7.1), or labelled with header edits. One connection serves one SMTP connection of the
/// MTA, message after message. A broken packet, a bad negotiation, an unknown command, a peer too slow or a
/// connection over Milter:MaxConnections closes the connection with a warning; Postfix then applies its
/// milter_default_action.
/// </summary>
public sealed class MilterConnectionHandler : ConnectionHandler
{
    private readonly MilterJudge _judge;
    private readonly MilterOptions _options;
    private readonly long _maxMessageSize;
    private readonly IDecisionLog _decisionLog;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private int _active;

    /// <param name="filter">The content level, or null when it is off (messages are then accepted unscanned).</param>
    /// <param name="stopping">The server is stopping: a connection waiting between messages is closed at once, a message under way is finished.</param>
    public MilterConnectionHandler(IContentFilter? filter, IRecipientDirectory directory, MilterOptions options, IDecisionLog decisionLog,
        TimeProvider time, ILogger logger, CancellationToken stopping = default)
    {
        _stopping = stopping;
        _judge = new MilterJudge(filter, directory, options, time, logger);
        _options = options;
        // A message is kept only as far as it can be scanned.
        _maxMessageSize = filter?.MaxScanSize ?? 0;
        _decisionLog = decisionLog;
        _time = time;
        _logger = logger;
    }

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var remote = connection.RemoteEndPoint?.ToString() ?? "?";
        try
        {
            if (Interlocked.Increment(ref _active) > _options.MaxConnections)
            {
                // Closed before the negotiation: the MTA finds out at its first read and applies its milter_default_action
                // to that SMTP connection at once, instead of waiting for a connection nobody would serve.
                MilterLog.Refused(_logger, connection.ConnectionId, remote,
                    $"over the limit of {_options.MaxConnections} connections at once (Milter:MaxConnections)");
                return;
            }
            await ServeAsync(connection, remote);
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    private async Task ServeAsync(ConnectionContext connection, string remote)
    {
        var closed = connection.ConnectionClosed;
        var session = new MilterSession(_maxMessageSize);
        var reason = "closed by the MTA";
        try
        {
            while (await ReadPacketAsync(connection.Transport.Input, session.Transaction is null ? _stopping : CancellationToken.None) is { } packet)
            {
                var step = session.Handle(packet);
                if (step.Reply is { } reply) await SendAsync(connection.Transport.Output, [reply], closed);
                if (step.EndOfMessage) await EndOfMessageAsync(session, connection, closed);
                if (!step.Quit) continue;
                reason = "quit";
                break;
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested && session.Transaction is null)
        {
            reason = "the server is stopping";
        }
        catch (MilterProtocolException e)
        {
            reason = e.Message;
            MilterLog.Refused(_logger, connection.ConnectionId, remote, e.Message);
        }
        catch (Exception e) when (e is IOException or ConnectionResetException or ConnectionAbortedException or OperationCanceledException)
        {
            reason = $"lost connection: {e.Message}";
        }
        if (session.Transaction is { } unfinished)
            MilterLog.Abandoned(_logger, MessageId(connection, session), MilterClient.Address(session).ToString(), unfinished.Sender, reason);
        MilterLog.Closed(_logger, connection.ConnectionId, remote, session.Messages, reason);
    }

    /// <summary>The next packet; null when the MTA closed the connection between packets.</summary>
    /// <param name="stopping">Ends the wait (with an <see cref="OperationCanceledException"/>) when the server stops.</param>
    private async ValueTask<MilterPacket?> ReadPacketAsync(PipeReader input, CancellationToken stopping)
    {
        // Not cancelled by the connection's end: what the MTA sent before it closed is still read (the input then completes).
        using var limit = new CancellationTokenSource(_options.IdleTimeout, _time);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, stopping);
        var started = false;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested)
            {
                throw new MilterProtocolException(started
                    ? $"a packet not complete within {_options.PacketTimeout.TotalSeconds:0.###} s"
                    : $"idle for {_options.IdleTimeout.TotalSeconds:0.###} s");
            }
            var buffer = result.Buffer;
            if (!started && !buffer.IsEmpty)
            {
                started = true;
                limit.CancelAfter(_options.PacketTimeout);
            }
            var status = MilterPacketReader.TryRead(ref buffer, _options.MaxPacketBytes, out var packet, out var length);
            switch (status)
            {
                case MilterReadStatus.Complete:
                    // Only what was used is examined: a packet already behind it is read at once.
                    input.AdvanceTo(buffer.Start);
                    return packet;
                case MilterReadStatus.NeedMore:
                    input.AdvanceTo(buffer.Start, buffer.End);
                    if (!result.IsCompleted && !result.IsCanceled) continue;
                    if (buffer.IsEmpty) return null;
                    throw new MilterProtocolException("the connection was closed in the middle of a packet");
                case MilterReadStatus.TooLong:
                    input.AdvanceTo(buffer.Start, buffer.End);
                    throw new MilterProtocolException($"a packet of {length} octets, over the limit of {_options.MaxPacketBytes} (Milter:MaxPacketBytes)");
                default:
                    input.AdvanceTo(buffer.Start, buffer.End);
                    throw new MilterProtocolException("a packet of length 0 (no command)");
            }
        }
    }

    /// <summary>Judges the message, with a progress reply now and then so the MTA keeps waiting; then the edits and the final reply.</summary>
    private async Task EndOfMessageAsync(MilterSession session, ConnectionContext connection, CancellationToken closed)
    {
        var id = MessageId(connection, session);
        var judging = _judge.JudgeAsync(session, id, closed);
        using (var ticks = CancellationTokenSource.CreateLinkedTokenSource(closed))
        {
            while (!judging.IsCompleted && !closed.IsCancellationRequested)
            {
                await Task.WhenAny(judging, Task.Delay(_options.ProgressInterval, _time, ticks.Token));
                if (!judging.IsCompleted && !closed.IsCancellationRequested)
                    await SendAsync(connection.Transport.Output, [MilterReply.Progress], closed);
            }
            await ticks.CancelAsync();
        }
        var decision = await judging;
        await SendAsync(connection.Transport.Output, decision.Replies, closed);
        Log(session, id, decision);
        session.EndMessage(judged: true);
    }

    private static async ValueTask SendAsync(PipeWriter output, IEnumerable<MilterPacket> packets, CancellationToken closed)
    {
        foreach (var packet in packets) MilterPacketWriter.Write(output, packet);
        var flush = await output.FlushAsync(closed);
        if (flush.IsCompleted || flush.IsCanceled) throw new ConnectionAbortedException("the MTA stopped reading");
    }

    private void Log(MilterSession session, string id, MilterDecision decision)
    {
        var transaction = session.Transaction!;
        var client = MilterClient.Address(session).ToString();
        var name = MilterClient.Name(session);
        var to = string.Join(",", transaction.Recipients.Distinct());
        var queueId = session.Macros.Get("i") ?? "";
        MilterLog.Decision(_logger, id, client, name, session.Helo ?? "", transaction.Sender, to, decision.Rule, queueId, decision.Reply);
        _decisionLog.Record(new DecisionRecord(_time.GetUtcNow(), id, "MILTER", client, name, session.Helo, transaction.Sender,
            to.Length == 0 ? null : to, "content", decision.Rule, decision.Reply, queueId.Length == 0 ? null : queueId, ContentAction: decision.ContentAction));
    }

    private static string MessageId(ConnectionContext connection, MilterSession session) => $"{connection.ConnectionId}.{session.Messages + 1}";
}
