using System.Net.Security;
using System.Security.Authentication;
using System.Text;
using Mizugiwa.Mailbox;
using Mizugiwa.Smtp.Sasl;

namespace Mizugiwa.Imap;

/// <summary>
/// CAPABILITY, STARTTLS, LOGIN and AUTHENTICATE PLAIN. Passwords are only taken under TLS (LOGINDISABLED
/// before it, RFC 3501 §6.2.3); they are checked by the directory through the same gate as SMTP AUTH, and
/// failures go through the same AuthGuard: counted per address and account, answered after a growing delay,
/// an address locked out after too many. A disabled account is refused like a wrong password.
/// </summary>
internal sealed partial class ImapSession
{
    private string? _user;
    private UserMailboxes? _mailboxes;

    private bool UnderTls => _tls is not null;

    private string Capabilities()
    {
        if (!UnderTls) return "IMAP4rev1 STARTTLS LOGINDISABLED";
        if (_user is null) return "IMAP4rev1 SASL-IR AUTH=PLAIN ID LITERAL+";
        var capabilities = "IMAP4rev1 IDLE NAMESPACE UIDPLUS MOVE UNSELECT SPECIAL-USE ID ENABLE LITERAL+ SORT THREAD=ORDEREDSUBJECT THREAD=REFERENCES";
        return _services.Space is null ? capabilities : capabilities + " " + ImapQuota.Capabilities;
    }

    private async Task StartTlsAsync()
    {
        var tls = new SslStream(_plain, leaveInnerStreamOpen: true);
        using var deadline = new Deadline(_options.HandshakeTimeout, _services.Time, _services.SessionEnd);
        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = _options.Certificate.Current,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            }, deadline.Token);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
        {
            await tls.DisposeAsync();
            throw new ImapSessionEndException(null, $"TLS handshake failed: {e.Message}");
        }
        _tls = tls;
        _input.SwitchTo(tls);
        _output.SwitchTo(tls);
    }

    private async Task<string> StartTlsCommandAsync(string tag, ImapParser parser)
    {
        parser.End();
        if (UnderTls) return "BAD TLS is already active";
        _output.Line($"{tag} OK Begin TLS negotiation now");
        await _output.FlushAsync(_services.SessionEnd);
        await StartTlsAsync();
        return "";
    }

    private async Task<string> LoginCommandAsync(ImapParser parser)
    {
        parser.Space();
        var user = parser.Utf8AString("the user name");
        parser.Space();
        var password = parser.Utf8AString("the password");
        parser.End();
        if (!UnderTls) return "NO [PRIVACYREQUIRED] LOGIN is disabled before STARTTLS";
        if (_user is not null) return "BAD already logged in";
        return await LoginAsync("LOGIN", user, password);
    }

    private async Task<string> AuthenticateCommandAsync(ImapParser parser)
    {
        parser.Space();
        var mechanism = parser.Atom("a SASL mechanism").ToUpperInvariant();
        string? initial = null;
        if (!parser.AtEnd)
        {
            parser.Space();
            initial = parser.Atom("the initial response");
        }
        parser.End();
        if (!UnderTls) return "NO [PRIVACYREQUIRED] AUTHENTICATE is disabled before STARTTLS";
        if (_user is not null) return "BAD already logged in";
        if (mechanism != "PLAIN") return $"NO [CANNOT] mechanism {mechanism} is not supported (PLAIN is)";
        if (initial is null)
        {
            _output.Line("+ ");
            await _output.FlushAsync(_services.SessionEnd);
            using var deadline = new Deadline(_options.IdleTimeout, _services.Time, _services.SessionEnd);
            byte[]? line;
            try { line = await _input.ReadLineAsync(_options.MaxLineLength, deadline.Token); }
            catch (LineTooLongException) { return "BAD the response is too long"; }
            if (line is null) throw new ImapSessionEndException(null, "client closed the connection in AUTHENTICATE");
            initial = Encoding.ASCII.GetString(line);
        }
        if (initial == "*") return "BAD AUTHENTICATE cancelled";
        // RFC 4959: "=" is an empty initial response.
        var message = initial == "=" ? [] : SaslPlainMessage.DecodeBase64(initial);
        if (message is null) return "BAD the response is not base64";
        if (!SaslPlainMessage.TryParse(message, out var user, out var password)) return await FailedLoginAsync("PLAIN", user);
        return await LoginAsync("PLAIN", user, password);
    }

    private async Task<string> LoginAsync(string mechanism, string user, string password)
    {
        var auth = _services.Auth;
        if (await auth.Guard.IsLockedOutAsync(_client, StateError, _services.SessionEnd))
            return LogLogin(mechanism, user, "NO [UNAVAILABLE] too many failed logins from your address, try again later");
        string? account;
        try
        {
            account = await auth.Passwords.VerifyAsync(user, password, _services.SessionEnd);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return LogLogin(mechanism, user, "NO [UNAVAILABLE] temporary authentication failure, try again later");
        }
        if (account is null) return await FailedLoginAsync(mechanism, user);
        string maildir;
        try { maildir = MaildirLayout.PathFor(_options.MailRoot, account); }
        catch (ArgumentException) { return LogLogin(mechanism, user, "NO [CONTACTADMIN] this account has no mailbox"); }
        _user = account;
        _mailboxes = new UserMailboxes(maildir);
        return LogLogin(mechanism, account, $"OK [CAPABILITY {Capabilities()}] logged in");
    }

    /// <summary>Counts the failure before waiting, so hanging up early does not help; then the tagged NO.</summary>
    private async Task<string> FailedLoginAsync(string mechanism, string user)
    {
        var failure = await _services.Auth.Guard.RecordFailureAsync(_client, user, StateError, _services.SessionEnd);
        ImapLog.LoginFailed(_services.Logger, _id, ClientText, mechanism, user, failure.AddressFailures, failure.AccountFailures,
            (long)failure.Delay.TotalMilliseconds, failure.LockedOut);
        if (failure.Delay > TimeSpan.Zero)
        {
            await _output.FlushAsync(_services.SessionEnd);
            await Task.Delay(failure.Delay, _services.Time, _services.SessionEnd);
        }
        return "NO [AUTHENTICATIONFAILED] authentication failed";
    }

    private string LogLogin(string mechanism, string user, string result)
    {
        ImapLog.Login(_services.Logger, _id, ClientText, mechanism, user, result);
        return result;
    }

    private void StateError(string error) => ImapLog.StateError(_services.Logger, _id, ClientText, error);
}
