using Mizugiwa.Smtp;
using System.Net;
using System.Net.Security;

namespace Mizugiwa.Pop3;

/// <summary>
/// One POP3 session (RFC 1939): the greeting, the command loop and its limits, CAPA, STLS and QUIT. Logging in is
/// in Pop3Session.Login.cs, the mailbox commands in Pop3Session.Transaction.cs.
/// </summary>
internal sealed partial class Pop3Session(Pop3Transport transport, IPEndPoint client, string sessionId, Pop3Services services)
{
    private readonly Pop3SessionOptions _options = services.Options;
    private readonly IPAddress _clientIp = client.Address;
    private Pop3State _state = Pop3State.Authorization;
    private int _commands;
    private int _errors;

    private string ClientText => _clientIp.ToString();
    private bool IsTls => transport.Tls is not null;
    private bool LoginAllowed => IsTls || _options.AllowPlaintextAuth;
    private bool StlsOffered => !IsTls && _options.Kind == Pop3ListenerKind.StartTls && _options.Certificate is not null;

    public async Task RunAsync()
    {
        string reason = "quit";
        try
        {
            if (_options.Kind == Pop3ListenerKind.ImplicitTls) await StartImplicitTlsAsync();
            transport.Send(Pop3Reply.Success($"{_options.HostName} POP3 server ready"));
            while (true)
            {
                var line = await transport.ReadCommandLineAsync(_options.MaxCommandLineLength, _options.IdleTimeout);
                if (line is null)
                {
                    reason = "client closed the connection";
                    break;
                }
                _commands++;
                if (await HandleLineAsync(line.Value)) break;
            }
            await transport.FlushAsync();
        }
        catch (Pop3SessionEnd end)
        {
            reason = end.Message;
            await SendFinalAsync(end.FinalReply);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or Microsoft.AspNetCore.Connections.ConnectionResetException)
        {
            reason = "connection lost: " + e.Message;
        }
        finally
        {
            ReleaseMaildrop();
            Pop3Log.Disconnect(services.Logger, sessionId, ClientText, IsTls, _user ?? "", _maildrop?.Messages.Count ?? 0,
                _retrieved, _deleted, _commands, _errors, reason);
        }
    }

    /// <summary>Handles one command line; true when the session is over (QUIT, allowed in every state).</summary>
    private async ValueTask<bool> HandleLineAsync(CommandLine line)
    {
        if (line.Fault == CommandLineFault.None && Pop3Command.Parse(line.Text).Keyword == "QUIT")
        {
            await QuitAsync();
            return true;
        }
        await RespondAsync(await ReplyAsync(line));
        return false;
    }

    /// <summary>The reply to a command; null when a multi-line reply has already been sent.</summary>
    private async ValueTask<Pop3Reply?> ReplyAsync(CommandLine line)
    {
        if (line.Fault == CommandLineFault.TooLong) return Pop3Replies.LineTooLong;
        if (line.Fault != CommandLineFault.None) return Pop3Replies.NotUtf8;
        var command = Pop3Command.Parse(line.Text);
        if (command.Keyword.Length == 0) return Pop3Reply.Error("Empty command");
        if (!Pop3StateTable.IsKnown(command.Keyword)) return Pop3Reply.Error($"Unknown command '{Printable(command.Keyword)}'");
        if (!Pop3StateTable.IsAllowed(_state, command.Keyword))
            return Pop3Reply.Error(_state == Pop3State.Authorization
                ? $"{command.Keyword} is allowed only after login"
                : $"{command.Keyword} is not allowed after login");
        switch (command.Keyword)
        {
            case "CAPA":
                SendMultiline(Pop3Reply.Success("Capability list follows"), Pop3Capabilities.For(_state, LoginAllowed, StlsOffered));
                return null;
            case "STLS": return await StartTlsAsync(command);
            case "USER": return User(command);
            case "PASS": return await PassAsync(line.Text);
            case "AUTH": return await AuthAsync(command);
            default: return await TransactionAsync(command);
        }
    }

    /// <summary>Sends a reply (none for the multi-line ones already sent); counts errors and ends a session that makes too many.</summary>
    private async ValueTask RespondAsync(Pop3Reply? reply)
    {
        if (reply is null) return;
        transport.Send(reply);
        if (!reply.Ok && ++_errors >= _options.MaxBadCommands)
        {
            await transport.FlushAsync();
            throw new Pop3SessionEnd(Pop3Replies.TooManyErrors, "too many errors");
        }
    }

    private void SendMultiline(Pop3Reply first, IEnumerable<string> lines)
    {
        transport.Send(first);
        foreach (var line in lines) transport.SendLine(line.StartsWith('.') ? "." + line : line);
        transport.SendLine(".");
    }

    private async ValueTask<Pop3Reply?> StartTlsAsync(Pop3Command command)
    {
        if (command.Arguments.Length > 0) return Pop3Reply.Error("STLS takes no argument");
        if (IsTls) return Pop3Reply.Error("TLS is already active");
        if (!StlsOffered) return Pop3Reply.Error("STLS is not available");
        transport.Send(Pop3Reply.Success("Begin TLS negotiation"));
        await transport.StartTlsAsync(new SslServerAuthenticationOptions { ServerCertificate = _options.Certificate!.Current }, _options.HandshakeTimeout);
        // Nothing said before TLS counts after it (RFC 2595 §4).
        _user = null;
        return null;
    }

    private async ValueTask StartImplicitTlsAsync()
    {
        if (_options.Certificate is null) throw new Pop3SessionEnd(null, "implicit TLS listener without a certificate");
        await transport.StartImplicitTlsAsync(new SslServerAuthenticationOptions { ServerCertificate = _options.Certificate.Current }, _options.HandshakeTimeout);
    }

    /// <summary>QUIT: in TRANSACTION the UPDATE state removes the messages marked deleted (RFC 1939 §6).</summary>
    private async ValueTask QuitAsync()
    {
        if (_state == Pop3State.Transaction && _maildrop is not null)
        {
            var (removed, failed) = _maildrop.Commit();
            _deleted = removed;
            transport.Send(failed > 0
                ? Pop3Reply.Error($"{failed} deleted message(s) not removed", "SYS/TEMP")
                : Pop3Reply.Success($"{_options.HostName} POP3 server signing off ({removed} message(s) deleted)"));
        }
        else transport.Send(Pop3Reply.Success($"{_options.HostName} POP3 server signing off"));
        await transport.FlushAsync();
    }

    private async ValueTask SendFinalAsync(Pop3Reply? reply)
    {
        if (reply is null) return;
        try
        {
            transport.Send(reply);
            await transport.FlushAsync();
        }
        catch (Exception e) when (e is Pop3SessionEnd or IOException or OperationCanceledException)
        {
            // The client is gone; there is no one to tell.
        }
    }

    /// <summary>The keyword as it may appear in a reply: printable ASCII, at most 40 characters.</summary>
    private static string Printable(string text) =>
        new(text.Take(40).Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());
}
