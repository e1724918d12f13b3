using Mizugiwa.Core;
using Mizugiwa.Smtp.Sasl;

namespace Mizugiwa.Smtp;

/// <summary>
/// SMTP AUTH (RFC 4954): the exchange with the SASL mechanism, the brute-force guard and the tarpit.
/// What an authenticated session may then do is in SmtpSession.Submission.cs.
/// </summary>
internal sealed partial class SmtpSession
{
    /// <summary>The account the client authenticated as, or null.</summary>
    private string? _authUser;
    private string? _authMechanism;

    private bool IsSubmission => _options.Kind != SmtpListenerKind.Mx;
    private bool AuthAvailable => services.Auth is not null && (IsSubmission || _options.Auth.OfferOnMx);
    /// <summary>Offered in EHLO: on a listener with AUTH, and only under TLS unless plaintext AUTH is allowed.</summary>
    private bool AuthOffered => AuthAvailable && (transport.Tls is not null || _options.Auth.AllowPlaintextAuth);

    private async ValueTask<SmtpReply> AuthAsync(string argument)
    {
        if (!AuthOffered) return LogAuth("", "", AuthReplies.NotEnabled);
        if (_authUser is not null) return LogAuth("", _authUser, AuthReplies.AlreadyAuthenticated);
        var parts = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is 0 or > 2) return LogAuth("", "", Replies.SyntaxError("AUTH mechanism [initial-response]"));
        var mechanism = parts[0].ToUpperInvariant();
        var auth = services.Auth!;
        var exchange = SaslMechanisms.Create(mechanism, auth.Passwords, auth.Verifier, auth.ScramServerNonce);
        if (exchange is null) return LogAuth(mechanism, "", AuthReplies.UnknownMechanism);
        byte[]? response = null;
        if (parts.Length == 2)
        {
            // RFC 4954 §4: "=" is an empty initial response.
            if (parts[1] == "=") response = [];
            else if ((response = SaslPlainMessage.DecodeBase64(parts[1])) is null) return LogAuth(mechanism, "", AuthReplies.CannotDecode);
        }
        if (await auth.Guard.IsLockedOutAsync(_clientIp, StateError, services.SessionEnd)) return LogAuth(mechanism, "", AuthReplies.LockedOut);

        string? user = null;
        while (true)
        {
            var step = await exchange.StepAsync(response, services.SessionEnd);
            user = step.User ?? user;
            switch (step.Outcome)
            {
                case SaslOutcome.Success:
                    _authUser = step.Account;
                    _authMechanism = mechanism;
                    Context.Authenticated = true;
                    return LogAuth(mechanism, _authUser!, AuthReplies.Success);
                case SaslOutcome.TemporaryFailure:
                    return LogAuth(mechanism, user ?? "", AuthReplies.TemporaryFailure);
                case SaslOutcome.Failure:
                    return await FailedLoginAsync(auth, mechanism, user);
            }
            transport.Send(new SmtpReply(334, null, Convert.ToBase64String(step.Challenge!)));
            var line = await transport.ReadCommandLineAsync(_options.Auth.MaxAuthLineLength, _options.CommandTimeout)
                ?? throw new SessionEndException(null, "lost connection in AUTH");
            if (line.Fault == CommandLineFault.TooLong) return LogAuth(mechanism, user ?? "", AuthReplies.LineTooLong);
            if (line.Fault == CommandLineFault.None && line.Text == "*") return LogAuth(mechanism, user ?? "", AuthReplies.Cancelled);
            if (line.Fault != CommandLineFault.None || (response = SaslPlainMessage.DecodeBase64(line.Text)) is null)
                return LogAuth(mechanism, user ?? "", AuthReplies.CannotDecode);
        }
    }

    /// <summary>Counts the failure, logs it loudly, and waits (tarpit) before the 535.</summary>
    private async ValueTask<SmtpReply> FailedLoginAsync(SmtpAuthServices auth, string mechanism, string? user)
    {
        var failure = await auth.Guard.RecordFailureAsync(_clientIp, user, StateError, services.SessionEnd);
        var reply = AuthReplies.InvalidCredentials;
        SmtpLog.AuthFailed(services.Logger, sessionId, ClientText, mechanism, user ?? "", failure.AddressFailures, failure.AccountFailures,
            (long)failure.Delay.TotalMilliseconds, failure.LockedOut, reply.ToString());
        if (failure.Delay > TimeSpan.Zero)
        {
            await transport.FlushAsync();
            await Task.Delay(failure.Delay, services.Time, services.SessionEnd);
        }
        return reply;
    }

    private SmtpReply LogAuth(string mechanism, string user, SmtpReply reply)
    {
        SmtpLog.Auth(services.Logger, sessionId, ClientText, mechanism, user, reply.ToString());
        return reply;
    }

    private void StateError(string error) => SmtpLog.StateError(services.Logger, sessionId, ClientText, error);
}
