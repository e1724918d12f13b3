using System.Net;
using Microsoft.Extensions.Logging;
using Mizugiwa.Core;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Smtp;

/// <summary>
/// One SMTP server session (RFC 5321): reads commands, checks them against the state table,
/// and answers. MAIL/RCPT are in SmtpSession.Envelope.cs, DATA/BDAT in SmtpSession.Data.cs.
/// </summary>
internal sealed partial class SmtpSession(
    SmtpTransport transport, IPEndPoint client, string sessionId, SmtpServices services)
{
    private readonly SmtpSessionOptions _options = services.Options;
    /// <summary>The peer of the connection; XCLIENT may name another client (<see cref="_clientIp"/>).</summary>
    private readonly IPAddress _originalClient = ClientAddress.Unmapped(client.Address);
    private IPAddress _clientIp = ClientAddress.Unmapped(client.Address);
    private string ClientText => _clientIp.ToString(); // IPAddress caches its text
    private SessionPhase _phase = SessionPhase.Connected;
    private string _helo = "";
    private bool _esmtp;
    private MailTransaction? _transaction;
    private int _errors;
    private int _commands;
    private bool _quit;
    private SessionContext? _context;
    private bool _connectChecked;
    private SessionContext Context => _context ??= new SessionContext(sessionId, _clientIp);

    public async Task RunAsync()
    {
        string reason = "quit";
        try
        {
            if (_options.Kind == SmtpListenerKind.ImplicitTlsSubmission) await StartImplicitTlsAsync();
            _connectChecked = true;
            var verdict = await services.Policy.OnConnectAsync(Context, services.SessionEnd);
            if (verdict.IsFailure)
            {
                var refusal = verdict.Reply ?? Replies.AccessDenied;
                LogDecision("CONNECT", "", "", "", refusal, verdict);
                if (verdict.Delay > TimeSpan.Zero) await Task.Delay(verdict.Delay, services.Time, services.SessionEnd);
                throw new SessionEndException(refusal, $"refused at connect by {verdict.Check}");
            }
            var greeting = new SmtpReply(220, null, $"{_options.HostName} ESMTP Mizugiwa");
            transport.Send(greeting);
            LogDecision("CONNECT", "", "", "", greeting);
            while (!_quit)
            {
                var line = await transport.ReadCommandLineAsync(_options.MaxCommandLineLength, _options.CommandTimeout);
                if (line is null) { reason = "lost connection"; break; }
                _commands++;
                var reply = await ExecuteAsync(line.Value);
                if (reply is not null) await RespondAsync(reply);
            }
            await transport.FlushAsync();
        }
        catch (SessionEndException end)
        {
            reason = end.Message;
            if (end.FinalReply is not null) await TrySendFinalAsync(end.FinalReply);
        }
        catch (IOException e)
        {
            reason = $"lost connection: {e.Message}";
        }
        finally
        {
            await AbortTransactionAsync();
            await EndPolicySessionAsync();
            await transport.DisposeAsync();
            SmtpLog.Disconnect(services.Logger, sessionId, ClientText, _commands, _errors, reason);
        }
    }

    private async ValueTask<SmtpReply?> ExecuteAsync(CommandLine line)
    {
        switch (line.Fault)
        {
            case CommandLineFault.TooLong: return Replies.LineTooLong;
            case CommandLineFault.ContainsNul: return Replies.NulInCommand;
            case CommandLineFault.NotUtf8: return Replies.BadCommandEncoding;
        }
        var command = SmtpCommand.Parse(line.Text);
        if (command.Verb == SmtpVerb.Unknown) return Replies.UnknownCommand;
        if (command.Verb == SmtpVerb.Bdat) return await BdatAsync(command.Argument);
        if (!SmtpStateTable.IsAllowed(command.Verb, _phase)) return Replies.BadSequence(SmtpStateTable.RefusalText(command.Verb));
        if (_transaction?.Chunked is not null && command.Verb is SmtpVerb.Data or SmtpVerb.Mail or SmtpVerb.Rcpt)
            return Replies.BadSequence("BDAT transfer in progress; send BDAT LAST or RSET");

        return command.Verb switch
        {
            SmtpVerb.Helo or SmtpVerb.Ehlo => await HelloAsync(command),
            SmtpVerb.Mail => await MailAsync(command.Argument),
            SmtpVerb.Rcpt => await RcptAsync(command.Argument),
            SmtpVerb.Data => await DataAsync(command.Argument),
            SmtpVerb.Rset => await ResetAsync(command.Argument),
            SmtpVerb.Noop => Replies.Ok,
            SmtpVerb.Quit => Quit(),
            SmtpVerb.Vrfy => command.Argument.Length == 0 ? Replies.SyntaxError("VRFY address") : Replies.CannotVerify,
            SmtpVerb.Help => Replies.Help,
            SmtpVerb.StartTls => await StartTlsAsync(command.Argument),
            SmtpVerb.Xclient => await XclientAsync(command.Argument),
            SmtpVerb.Auth => await AuthAsync(command.Argument),
            _ => Replies.NotImplemented,
        };
    }

    private async ValueTask<SmtpReply> HelloAsync(SmtpCommand command)
    {
        var verb = command.Verb == SmtpVerb.Ehlo ? "EHLO" : "HELO";
        SmtpReply reply;
        if (command.Argument.Length == 0 || command.Argument.Contains(' '))
        {
            reply = Replies.HeloSyntax(verb);
        }
        else
        {
            await AbortTransactionAsync();
            _helo = command.Argument;
            Context.Helo = _helo;
            var verdict = await services.Policy.OnHeloAsync(Context, services.SessionEnd);
            if (verdict.IsFailure) return await ApplyFailureAsync(verb, "", "", verdict);
            _esmtp = command.Verb == SmtpVerb.Ehlo;
            _phase = SessionPhase.Greeted;
            reply = _esmtp ? new SmtpReply(250, null, [.. EhloLines()]) : new SmtpReply(250, null, _options.HostName);
        }
        LogDecision(verb, "", "", "", reply);
        return reply;
    }

    private IEnumerable<string> EhloLines()
    {
        yield return _options.HostName;
        yield return "PIPELINING";
        yield return $"SIZE {_options.MaxMessageSize}";
        yield return "8BITMIME";
        yield return "SMTPUTF8";
        yield return "ENHANCEDSTATUSCODES";
        if (_options.Certificate is not null && transport.Tls is null) yield return "STARTTLS";
        if (AuthOffered) yield return "AUTH " + string.Join(' ', Sasl.SaslMechanisms.Offered);
        if (XclientAllowed) yield return "XCLIENT NAME ADDR PROTO HELO";
        yield return "DSN";
        yield return "CHUNKING";
    }

    private async ValueTask<SmtpReply> ResetAsync(string argument)
    {
        if (argument.Length > 0) return Replies.SyntaxError("RSET takes no argument");
        await AbortTransactionAsync();
        _phase = SmtpStateTable.NextPhase(SmtpVerb.Rset, _phase) ?? _phase;
        return Replies.Ok;
    }

    private SmtpReply Quit()
    {
        _quit = true;
        return Replies.Bye;
    }

    private async ValueTask<SmtpReply?> StartTlsAsync(string argument)
    {
        if (argument.Length > 0) return Replies.SyntaxError("STARTTLS takes no argument");
        if (transport.Tls is not null) return Replies.BadSequence("TLS already active");
        if (_options.Certificate is null) return Replies.TlsNotAvailable;
        transport.Send(Replies.ReadyForTls);
        await transport.StartTlsAsync(new() { ServerCertificate = _options.Certificate.Current }, _options.CommandTimeout);
        // RFC 3207 §4.2: forget everything learned before TLS.
        await AbortTransactionAsync();
        _phase = SessionPhase.Connected;
        _helo = "";
        _esmtp = false;
        _authUser = null;
        Context.Authenticated = false;
        var tls = transport.Tls!;
        SmtpLog.TlsStarted(services.Logger, sessionId, ClientText, tls.SslProtocol.ToString(), tls.NegotiatedCipherSuite.ToString());
        return null;
    }

    /// <summary>RFC 8314: the handshake before the greeting; a client that does not speak TLS is dropped without a word.</summary>
    private async ValueTask StartImplicitTlsAsync()
    {
        if (_options.Certificate is null) throw new SessionEndException(null, "implicit TLS listener without a certificate");
        await transport.StartImplicitTlsAsync(new() { ServerCertificate = _options.Certificate.Current }, _options.CommandTimeout);
        var tls = transport.Tls!;
        SmtpLog.TlsStarted(services.Logger, sessionId, ClientText, tls.SslProtocol.ToString(), tls.NegotiatedCipherSuite.ToString());
    }

    /// <summary>Sends a reply; counts errors, slows down clients that make many, and ends sessions that make too many.</summary>
    private async ValueTask RespondAsync(SmtpReply reply)
    {
        if (reply.IsError && reply.Code != 421)
        {
            _errors++;
            if (_errors >= _options.HardErrorLimit)
            {
                transport.Send(reply);
                throw new SessionEndException(Replies.TooManyErrors, "too many errors");
            }
            if (_errors > _options.SoftErrorLimit)
            {
                var delay = TimeSpan.FromTicks(Math.Min(_options.MaxErrorDelay.Ticks, _options.ErrorDelayStep.Ticks * (_errors - _options.SoftErrorLimit)));
                await transport.FlushAsync();
                await Task.Delay(delay, services.Time, services.SessionEnd);
            }
        }
        transport.Send(reply);
        if (reply.Code == 421) throw new SessionEndException(null, reply.ToString());
    }

    private async ValueTask TrySendFinalAsync(SmtpReply reply)
    {
        try
        {
            transport.Send(reply);
            await transport.FlushAsync();
        }
        catch (Exception e) when (e is IOException or SessionEndException or InvalidOperationException or OperationCanceledException)
        {
            // The client is gone; nothing more to say.
        }
    }

    private async ValueTask AbortTransactionAsync()
    {
        if (_transaction?.Chunked is { } pending) await pending.DisposeAsync();
        if (_transaction is { } ended)
        {
            var summary = new TransactionSummary(ended.AcceptedRcptCount, ended.UnknownRcptCount, ended.RefusedRcptCount, ended.DataReceived);
            await NotifyPolicyAsync(() => services.Policy.OnTransactionEndAsync(Context, summary, CancellationToken.None));
        }
        _transaction = null;
        if (_phase is SessionPhase.MailGiven or SessionPhase.RcptGiven) _phase = SessionPhase.Greeted;
    }

    /// <summary>A check said no: log it, wait if it asks for a tarpit, and end the session if it says so.</summary>
    private async ValueTask<SmtpReply> ApplyFailureAsync(string stage, string from, string to, Verdict verdict)
    {
        var reply = verdict.Reply ?? Replies.AccessDenied;
        LogDecision(stage, from, to, "", reply, verdict);
        if (verdict.Delay > TimeSpan.Zero) await Task.Delay(verdict.Delay, services.Time, services.SessionEnd);
        if (verdict.Disconnects) throw new SessionEndException(reply, $"disconnected by {verdict.Check}");
        return reply;
    }

    /// <summary>Tells the checks that the client of <see cref="Context"/> is gone (once per checked connect).</summary>
    private async ValueTask EndPolicySessionAsync()
    {
        if (!_connectChecked) return;
        _connectChecked = false;
        await NotifyPolicyAsync(() => services.Policy.OnSessionEndAsync(Context, CancellationToken.None));
    }

    /// <summary>Notifications must never end a session or lose a message: failures are logged and forgotten.</summary>
    private async ValueTask NotifyPolicyAsync(Func<ValueTask> notify)
    {
        try
        {
            await notify();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            SmtpLog.PolicyNotificationFailed(services.Logger, sessionId, ClientText, e.Message);
        }
    }

    private void LogDecision(string stage, string from, string to, string queueId, SmtpReply reply, Verdict? verdict = null, string? contentAction = null)
    {
        var text = reply.ToString();
        SmtpLog.Decision(services.Logger, sessionId, stage, ClientText, Context.ClientName ?? "", _helo, from, to,
            verdict?.Check ?? "", verdict?.Rule ?? "", queueId, text);
        services.DecisionLog.Record(new DecisionRecord(services.Time.GetUtcNow(), sessionId, stage, ClientText, Context.ClientName,
            _helo.Length == 0 ? null : _helo, from, to.Length == 0 ? null : to, verdict?.Check, verdict?.Rule, text, queueId.Length == 0 ? null : queueId, ContentAction: contentAction));
    }
}
