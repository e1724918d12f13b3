using Microsoft.Extensions.Logging;
using Mizugiwa.Smtp;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.Pipeline;

/// <summary>
/// Runs the checks of each stage in the order given (cost order: IP level, then SMTP level).
/// The first check that does not say Continue decides the stage; Accept ends the stage without
/// failure. Symbols and headers of every check that ran are kept. With delayed rejection a
/// failure before RCPT is held in the session and given as the answer to each RCPT, after the
/// exemptions (postmaster, whitelisted recipients) have had their say.
/// </summary>
public sealed class CheckPipeline : ISmtpPolicy
{
    private readonly PipelineOptions options;
    private readonly ILogger<CheckPipeline> logger;
    private readonly IConnectCheck[] _connect;
    private readonly IHeloCheck[] _helo;
    private readonly IMailCheck[] _mail;
    private readonly IRcptExemption[] _exemptions;
    private readonly IRcptCheck[] _rcpt;
    private readonly ISessionObserver[] _observers;

    public CheckPipeline(IEnumerable<ICheck> checks, PipelineOptions options, ILogger<CheckPipeline> logger)
    {
        this.options = options;
        this.logger = logger;
        // Enumerated once: a check that serves several stages must be one instance (it keeps per-session state).
        var all = checks.ToList();
        _connect = [.. all.OfType<IConnectCheck>()];
        _helo = [.. all.OfType<IHeloCheck>()];
        _mail = [.. all.OfType<IMailCheck>()];
        _exemptions = [.. all.OfType<IRcptExemption>()];
        _rcpt = [.. all.OfType<IRcptCheck>().Where(c => c is not IRcptExemption)];
        _observers = [.. all.OfType<ISessionObserver>()];
    }

    public async ValueTask<Verdict> OnConnectAsync(SessionContext session, CancellationToken cancellationToken) =>
        Hold(session, await RunAsync("CONNECT", session, _connect, c => c.CheckConnectAsync(session, cancellationToken), cancellationToken));

    public async ValueTask<Verdict> OnHeloAsync(SessionContext session, CancellationToken cancellationToken) =>
        Hold(session, await RunAsync("HELO", session, _helo, c => c.CheckHeloAsync(session, cancellationToken), cancellationToken));

    public async ValueTask<Verdict> OnMailAsync(SessionContext session, CancellationToken cancellationToken) =>
        Hold(session, await RunAsync("MAIL", session, _mail, c => c.CheckMailAsync(session, cancellationToken), cancellationToken));

    public async ValueTask<Verdict> OnRcptAsync(RcptContext rcpt, CancellationToken cancellationToken)
    {
        if (options.ExemptPostmaster && IsPostmaster(rcpt))
        {
            rcpt.Session.Trace?.Add(new CheckTrace("RCPT", "postmaster", Verdict.Accept("postmaster")));
            return Verdict.Accept("postmaster");
        }
        var exemption = await RunAsync("RCPT", rcpt.Session, _exemptions, c => c.CheckRcptAsync(rcpt, cancellationToken), cancellationToken);
        if (exemption.Action != VerdictAction.Continue) return exemption;
        if (rcpt.Session.Pending is { } pending)
        {
            rcpt.Session.Trace?.Add(new CheckTrace("RCPT", "held-back", pending));
            return pending;
        }
        var verdict = await RunAsync("RCPT", rcpt.Session, _rcpt, c => c.CheckRcptAsync(rcpt, cancellationToken), cancellationToken);
        return Merge(exemption, verdict);
    }

    public async ValueTask OnTransactionEndAsync(SessionContext session, TransactionSummary summary, CancellationToken cancellationToken)
    {
        foreach (var observer in _observers) await ObserveAsync(observer, o => o.TransactionEndedAsync(session, summary, cancellationToken));
    }

    public async ValueTask OnSessionEndAsync(SessionContext session, CancellationToken cancellationToken)
    {
        foreach (var observer in _observers) await ObserveAsync(observer, o => o.SessionEndedAsync(session, cancellationToken));
    }

    /// <summary>An observer that fails is logged; the others still hear about it.</summary>
    private async ValueTask ObserveAsync(ISessionObserver observer, Func<ISessionObserver, ValueTask> notify)
    {
        try
        {
            await notify(observer).AsTask().WaitAsync(options.CheckTimeout);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning("check {Check} failed to take a notification: {Reason}", observer.Name, e.Message);
        }
    }

    /// <summary>Keeps a failure for RCPT unless it must be said now (a disconnect, or no delayed rejection).</summary>
    private Verdict Hold(SessionContext session, Verdict verdict)
    {
        if (!verdict.IsFailure || verdict.Disconnects || !options.DelayReject) return verdict;
        session.Pending ??= verdict;
        return Verdict.Continue with { Symbols = verdict.Symbols, Headers = verdict.Headers };
    }

    private async ValueTask<Verdict> RunAsync<T>(string stageName, SessionContext session, T[] stage, Func<T, ValueTask<Verdict>> run, CancellationToken cancellationToken) where T : ICheck
    {
        var result = Verdict.Continue;
        foreach (var check in stage)
        {
            Verdict verdict;
            try
            {
                var pending = run(check);
                // Most checks answer from memory at once; only those that wait get a timeout.
                verdict = pending.IsCompletedSuccessfully ? pending.Result : await pending.AsTask().WaitAsync(options.CheckTimeout, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                verdict = Failed(check, e);
            }
            session.Trace?.Add(new CheckTrace(stageName, check.Name, verdict));
            result = Merge(result, verdict.Action == VerdictAction.Continue ? verdict : verdict with { Check = verdict.Check ?? check.Name });
            if (verdict.Action != VerdictAction.Continue) return result;
        }
        return result;
    }

    private Verdict Failed(ICheck check, Exception e)
    {
        var reason = e is TimeoutException ? "timed out" : e.Message;
        logger.LogWarning("check {Check} failed: {Reason}", check.Name, reason);
        return options.OnCheckFailure == CheckFailureMode.Defer
            ? Verdict.Defer(new SmtpReply(451, "4.3.0", "Temporary local problem, please try again later"), check.Name, "check-failed")
            : Verdict.Continue;
    }

    /// <summary>The later verdict decides; symbols and headers add up; the longest tarpit delay stays.</summary>
    private static Verdict Merge(Verdict earlier, Verdict later) => later with
    {
        Delay = later.Delay > earlier.Delay ? later.Delay : earlier.Delay,
        Check = later.Check ?? earlier.Check,
        Rule = later.Check is null ? earlier.Rule : later.Rule,
        Symbols = [.. earlier.Symbols, .. later.Symbols],
        Headers = [.. earlier.Headers, .. later.Headers],
    };

    private static bool IsPostmaster(RcptContext rcpt) =>
        rcpt.Status == Core.RecipientStatus.Local &&
        (rcpt.Recipient is null || rcpt.Recipient.LocalPart.Equals("postmaster", StringComparison.OrdinalIgnoreCase));
}
