using Mizugiwa.Smtp;
using Mizugiwa.Mailbox;
using Mizugiwa.Smtp.Sasl;

namespace Mizugiwa.Pop3;

/// <summary>
/// Logging in: USER/PASS (RFC 1939 §7) and AUTH PLAIN (RFC 5034), only under TLS unless plaintext login is
/// allowed. Passwords are checked through SMTP AUTH's gate, failures counted and delayed by its guard, so POP3
/// is no faster way to guess a password; disabled accounts are refused by the directory as for SMTP.
/// A good password then needs the maildrop lock ([IN-USE]) and a readable Maildir ([SYS/TEMP]).
/// </summary>
internal sealed partial class Pop3Session
{
    /// <summary>The name given by USER, then the account logged in as.</summary>
    private string? _user;
    private Maildrop? _maildrop;
    /// <summary>RFC 1939 §4's exclusive maildrop lock, a lock file so sessions of other processes and nodes see it too.</summary>
    private ExclusiveFileLock? _maildropLock;
    private const string MaildropLockFile = "mizugiwa-pop3.lock";

    private Pop3Reply User(Pop3Command command)
    {
        if (!LoginAllowed) return LogLogin("USER", "", Pop3Replies.TlsRequired);
        if (command.Arguments.Length != 1) return Pop3Reply.Error("USER takes one argument: the mailbox address");
        _user = command.Arguments[0];
        return Pop3Reply.Success("Send the password");
    }

    private async ValueTask<Pop3Reply> PassAsync(string line)
    {
        if (!LoginAllowed) return LogLogin("USER", "", Pop3Replies.TlsRequired);
        var user = _user;
        _user = null;
        if (user is null) return Pop3Reply.Error("USER first");
        var password = Pop3Command.Rest(line);
        if (password.Length == 0) return Pop3Reply.Error("PASS takes the password as its argument");
        return await LogInAsync("USER", user, password);
    }

    private async ValueTask<Pop3Reply?> AuthAsync(Pop3Command command)
    {
        if (command.Arguments.Length == 0)
        {
            // The pre-RFC 5034 form some clients still send to list the mechanisms.
            SendMultiline(Pop3Reply.Success("Mechanisms follow"), LoginAllowed ? ["PLAIN"] : []);
            return null;
        }
        if (!LoginAllowed) return LogLogin("AUTH", "", Pop3Replies.TlsRequired);
        if (command.Arguments.Length > 2) return Pop3Reply.Error("AUTH mechanism [initial-response]");
        if (!command.Arguments[0].Equals("PLAIN", StringComparison.OrdinalIgnoreCase)) return Pop3Reply.Error("Unknown SASL mechanism; PLAIN is offered");
        string response;
        if (command.Arguments.Length == 2) response = command.Arguments[1];
        else
        {
            transport.SendLine("+ ");
            var line = await transport.ReadCommandLineAsync(_options.MaxAuthLineLength, _options.IdleTimeout)
                ?? throw new Pop3SessionEnd(null, "lost connection in AUTH");
            if (line.Fault == CommandLineFault.TooLong) return Pop3Replies.LineTooLong;
            response = line.Text;
        }
        if (response == "*") return Pop3Reply.Error("Authentication cancelled");
        // RFC 5034 §4: "=" is an empty initial response.
        var bytes = response == "=" ? [] : SaslPlainMessage.DecodeBase64(response);
        if (bytes is null) return Pop3Reply.Error("Cannot decode the response (base64)");
        if (!SaslPlainMessage.TryParse(bytes, out var user, out var password)) return await FailedLoginAsync("PLAIN", null);
        return await LogInAsync("PLAIN", user, password);
    }

    private async ValueTask<Pop3Reply> LogInAsync(string mechanism, string user, string password)
    {
        if (await services.Guard.IsLockedOutAsync(_clientIp, StateError, services.SessionEnd)) return LogLogin(mechanism, user, Pop3Replies.LockedOut);
        string? account;
        try
        {
            account = await services.Passwords.VerifyAsync(user, password, services.SessionEnd);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return LogLogin(mechanism, user, Pop3Replies.TemporaryFailure);
        }
        if (account is null) return await FailedLoginAsync(mechanism, user);
        return LogLogin(mechanism, account, await OpenMaildropAsync(account));
    }

    /// <summary>Takes the maildrop lock and lists the Maildir; the session enters TRANSACTION only when both worked.</summary>
    private async ValueTask<Pop3Reply> OpenMaildropAsync(string account)
    {
        string maildir;
        try { maildir = MaildirLayout.PathFor(_options.MailRoot, account); }
        catch (ArgumentException e)
        {
            Pop3Log.MailboxError(services.Logger, sessionId, ClientText, account, e.Message);
            return Pop3Replies.MailboxUnavailable;
        }
        try
        {
            System.IO.Directory.CreateDirectory(maildir);
            _maildropLock = ExclusiveFileLock.TryTake(Path.Combine(maildir, MaildropLockFile));
            if (_maildropLock is null) return Pop3Replies.InUse;
            _maildrop = await Maildrop.OpenAsync(maildir, services.Sizes, services.SessionEnd);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ReleaseMaildrop();
            Pop3Log.MailboxError(services.Logger, sessionId, ClientText, account, e.Message);
            return Pop3Replies.MailboxUnavailable;
        }
        _user = account;
        _state = Pop3State.Transaction;
        return Pop3Reply.Success($"{account} has {_maildrop.Count} message(s) ({_maildrop.Octets} octets)");
    }

    private void ReleaseMaildrop()
    {
        _maildropLock?.Dispose();
        _maildropLock = null;
    }

    /// <summary>Counts the failure on the shared guard, logs it loudly, and waits (tarpit) before the reply.</summary>
    private async ValueTask<Pop3Reply> FailedLoginAsync(string mechanism, string? user)
    {
        var failure = await services.Guard.RecordFailureAsync(_clientIp, user, StateError, services.SessionEnd);
        var reply = Pop3Replies.AuthFailed;
        Pop3Log.LoginFailed(services.Logger, sessionId, ClientText, IsTls, mechanism, user ?? "", failure.AddressFailures, failure.AccountFailures,
            (long)failure.Delay.TotalMilliseconds, failure.LockedOut, reply.ToString());
        if (failure.Delay > TimeSpan.Zero)
        {
            await transport.FlushAsync();
            await Task.Delay(failure.Delay, services.Time, services.SessionEnd);
        }
        return reply;
    }

    private Pop3Reply LogLogin(string mechanism, string user, Pop3Reply reply)
    {
        Pop3Log.Login(services.Logger, sessionId, ClientText, IsTls, mechanism, user, reply.ToString());
        return reply;
    }

    private void StateError(string error) => Pop3Log.StateError(services.Logger, sessionId, ClientText, error);
}
