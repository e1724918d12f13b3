using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Mizugiwa.Core;

namespace Mizugiwa.Policy.PolicyDelegation;

/// <summary>
/// A Postfix policy delegation server (<c>check_policy_service inet:host:port</c>, SMTPD_POLICY_README):
/// Postfix sends <c>name=value</c> lines and an empty line, we answer <c>action=…</c> and an empty
/// line, and the connection stays open for the next request. Bad input (an overlong line, too many
/// attributes, a line without '='), a request that does not arrive in time or an idle connection past
/// its limit closes the connection; Postfix then answers the client with a temporary error and
/// reconnects for the next request.
/// </summary>
public sealed class PolicyConnectionHandler(
    PolicyEvaluator evaluator,
    IDecisionLog decisionLog,
    PolicyDelegationOptions options,
    TimeProvider time,
    ILogger<PolicyConnectionHandler> logger) : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var closed = connection.ConnectionClosed;
        var remote = connection.RemoteEndPoint?.ToString() ?? "?";
        var parser = new PolicyRequestParser(options);
        var output = connection.Transport.Output;
        var requests = 0;
        var reason = "closed by the client";
        // One timeout source per connection, re-armed for each wait (idle, request, decision) and reset
        // after it; replaced only when it fired (a decision that timed out, after which the connection goes on).
        var limit = CancellationTokenSource.CreateLinkedTokenSource(closed);
        try
        {
            while (await ReadRequestAsync(connection.Transport.Input, parser, limit, closed) is { } request)
            {
                var id = $"{connection.ConnectionId}.{++requests}";
                if (!limit.TryReset())
                {
                    limit.Dispose();
                    limit = CancellationTokenSource.CreateLinkedTokenSource(closed);
                }
                var decision = await DecideAsync(request, id, limit, closed);
                if (!limit.TryReset())
                {
                    limit.Dispose();
                    limit = CancellationTokenSource.CreateLinkedTokenSource(closed);
                }
                Log(id, request, decision);
                PolicyReply.Write(output, decision.Action);
                var flush = await output.FlushAsync(closed);
                if (flush.IsCompleted || flush.IsCanceled) break;
            }
        }
        catch (PolicyProtocolException e)
        {
            reason = e.Message;
            PolicyLog.Refused(logger, connection.ConnectionId, remote, e.Message);
        }
        catch (Exception e) when (e is IOException or ConnectionResetException or ConnectionAbortedException or OperationCanceledException)
        {
            reason = $"lost connection: {e.Message}";
        }
        finally
        {
            limit.Dispose();
        }
        PolicyLog.Closed(logger, connection.ConnectionId, remote, requests, reason);
    }

    /// <summary>The next request; null when the client closed the connection between requests.</summary>
    private async ValueTask<PolicyRequest?> ReadRequestAsync(PipeReader input, PolicyRequestParser parser, CancellationTokenSource limit, CancellationToken closed)
    {
        limit.CancelAfter(options.IdleTimeout);
        var started = false;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(limit.Token);
            }
            catch (OperationCanceledException) when (!closed.IsCancellationRequested)
            {
                throw new PolicyProtocolException(started
                    ? $"request not complete within {options.RequestTimeout.TotalSeconds:0.###} s"
                    : $"idle for {options.IdleTimeout.TotalSeconds:0.###} s");
            }
            var buffer = result.Buffer;
            if (!started && (!buffer.IsEmpty || parser.InRequest))
            {
                started = true;
                limit.CancelAfter(options.RequestTimeout);
            }
            var status = parser.Parse(ref buffer);
            switch (status)
            {
                case PolicyParseResult.Complete:
                    // Only what was used is examined: a request already behind it is read at once.
                    input.AdvanceTo(buffer.Start);
                    return parser.Request;
                case PolicyParseResult.NeedMore:
                    input.AdvanceTo(buffer.Start, buffer.End);
                    if (!result.IsCompleted && !result.IsCanceled) continue;
                    if (buffer.IsEmpty && !parser.InRequest) return null;
                    throw new PolicyProtocolException("connection closed in the middle of a request");
                default:
                    input.AdvanceTo(buffer.Start, buffer.End);
                    throw new PolicyProtocolException($"{status}: {parser.Error}");
            }
        }
    }

    private async ValueTask<PolicyDecision> DecideAsync(PolicyRequest request, string id, CancellationTokenSource limit, CancellationToken closed)
    {
        limit.CancelAfter(options.DecisionTimeout);
        try
        {
            return await evaluator.DecideAsync(request, id, limit.Token);
        }
        catch (Exception e) when (!closed.IsCancellationRequested)
        {
            // A decision that cannot be made must not let mail through: Postfix defers and tries again.
            var error = e is OperationCanceledException ? $"no decision within {options.DecisionTimeout.TotalSeconds:0.###} s" : e.Message;
            PolicyLog.DecisionFailed(logger, id, PolicyActions.TemporaryFailure, error);
            return new PolicyDecision(PolicyActions.TemporaryFailure, Note: error);
        }
    }

    private void Log(string id, PolicyRequest request, PolicyDecision decision)
    {
        if (decision.Session is not { } session)
        {
            if (decision.Note is { } note && logger.IsEnabled(LogLevel.Debug)) PolicyLog.NotJudged(logger, id, decision.Action, note);
            return;
        }
        var verdict = decision.Verdict;
        var client = session.ClientAddress.ToString();
        PolicyLog.Decision(logger, id, client, session.ClientName ?? "", session.Helo ?? "", session.Sender ?? "", request.Recipient,
            verdict?.Check ?? "", verdict?.Rule ?? "", request.QueueId, decision.Action);
        decisionLog.Record(new DecisionRecord(time.GetUtcNow(), id, "POLICY", client, session.ClientName, session.Helo,
            session.Sender, request.Recipient.Length == 0 ? null : request.Recipient, verdict?.Check, verdict?.Rule, decision.Action,
            request.QueueId.Length == 0 ? null : request.QueueId));
    }
}
