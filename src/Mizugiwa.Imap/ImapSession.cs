using System.Net;
using System.Net.Security;
using System.Text;
using Mizugiwa.Mailbox;

namespace Mizugiwa.Imap;

/// <summary>
/// One IMAP4rev1 connection (RFC 3501): reads whole commands, runs them in the state they are allowed in
/// (not authenticated → authenticated → selected), and answers. Bad syntax gets a tagged BAD naming the
/// problem; mailbox errors a NO with an RFC 5530 response code. The command handlers are in the
/// ImapSession.*.cs files.
/// </summary>
internal sealed partial class ImapSession
{
    private readonly ImapServices _services;
    private readonly ImapSessionOptions _options;
    private readonly Stream _plain;
    private readonly ImapInput _input;
    private readonly ImapOutput _output;
    private readonly CommandReader _reader;
    private readonly IPAddress _client;
    private readonly string _id;
    private SslStream? _tls;
    private int _commands;
    private int _bad;

    private ImapSession(Stream stream, IPAddress client, string id, ImapServices services)
    {
        _services = services;
        _options = services.Options;
        _plain = stream;
        _input = new ImapInput(stream);
        _output = new ImapOutput(stream);
        _client = client;
        _id = id;
        _reader = new CommandReader(_input, async text =>
        {
            _output.Line(text);
            await _output.FlushAsync(_services.SessionEnd);
        }, _options, () => _user is not null);
    }

    private string ClientText => _client.ToString();

    public static async Task RunAsync(Stream stream, IPAddress client, string id, ImapServices services)
    {
        var session = new ImapSession(stream, client, id, services);
        string reason = "logout";
        try
        {
            reason = await session.RunAsync();
        }
        catch (ImapSessionEndException e)
        {
            reason = e.Message;
            if (e.Bye is not null) await session.TrySendAsync("* BYE " + e.Bye);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
            reason = "connection lost: " + e.Message;
        }
        catch (OperationCanceledException)
        {
            reason = "shutdown";
            await session.TrySendAsync("* BYE Server shutting down");
        }
        finally
        {
            ImapLog.Disconnect(services.Logger, id, client.ToString(), session._user ?? "", session._tls is not null, session._commands, session._bad, reason);
            if (session._tls is not null) await session._tls.DisposeAsync();
        }
    }

    private async Task TrySendAsync(string line)
    {
        try
        {
            _output.Line(line);
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5), _services.Time);
            await _output.FlushAsync(quick.Token);
        }
        catch (Exception e) when (e is ImapSessionEndException or IOException or ObjectDisposedException or OperationCanceledException or NotSupportedException) { }
    }

    private async Task<string> RunAsync()
    {
        if (_options.ImplicitTls) await StartTlsAsync();
        _output.Line($"* OK [CAPABILITY {Capabilities()}] Mizugiwa IMAP ready");
        while (true)
        {
            await _output.FlushAsync(_services.SessionEnd);
            ImapRequest? request;
            using var deadline = new Deadline(_options.IdleTimeout, _services.Time, _services.SessionEnd, _services.Stopping);
            try
            {
                request = await _reader.ReadAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.TimedOut)
            {
                throw new ImapSessionEndException("Autologout; idle for too long", "timeout");
            }
            catch (CommandRejectedException e)
            {
                _bad++;
                _output.Line($"{e.Tag} {e.Response}");
                if (e.Fatal) throw new ImapSessionEndException("Command rejected", e.Response);
                continue;
            }
            if (request is null) return "client closed the connection";
            _commands++;
            if (await ExecuteAsync(request)) return "logout";
        }
    }

    /// <summary>Runs one command; true when the session ends (LOGOUT).</summary>
    private async Task<bool> ExecuteAsync(ImapRequest request)
    {
        var parser = new ImapParser(request.Bytes);
        string tag = "*";
        try
        {
            tag = ReadTag(parser);
            parser.Space();
            var command = parser.Atom("a command name").ToUpperInvariant();
            bool uid = false;
            if (command == "UID")
            {
                parser.Space();
                command = parser.Atom("a command after UID").ToUpperInvariant();
                if (command is not ("FETCH" or "STORE" or "COPY" or "MOVE" or "SEARCH" or "SORT" or "THREAD" or "EXPUNGE"))
                    throw new ImapSyntaxException($"UID {command} is not a command");
                uid = true;
            }
            if (command == "LOGOUT")
            {
                parser.End();
                _output.Line("* BYE Logging out");
                _output.Line($"{tag} OK LOGOUT completed");
                await _output.FlushAsync(_services.SessionEnd);
                return true;
            }
            var result = await DispatchAsync(tag, command, uid, parser);
            if (result.StartsWith("BAD", StringComparison.Ordinal)) _bad++;
            if (result.Length > 0) _output.Line($"{tag} {ImapString.OneLine(result)}"); // empty: STARTTLS answered before its handshake
        }
        catch (ImapSyntaxException e)
        {
            _bad++;
            _output.Line($"{tag} BAD {ImapString.OneLine(e.Message)}");
        }
        catch (LockBusyException e)
        {
            ImapLog.MailboxError(_services.Logger, _id, ClientText, _user ?? "", Encoding.ASCII.GetString(request.Bytes, 0, Math.Min(request.Bytes.Length, 40)), e.Message);
            _output.Line($"{tag} NO [INUSE] the folder is busy in another session; try again");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ImapLog.MailboxError(_services.Logger, _id, ClientText, _user ?? "", Encoding.ASCII.GetString(request.Bytes, 0, Math.Min(request.Bytes.Length, 40)), e.Message);
            _output.Line($"{tag} NO [SERVERBUG] the mailbox could not be read or written");
        }
        return false;
    }

    private static string ReadTag(ImapParser parser)
    {
        var tag = parser.Atom("a tag");
        if (tag.Contains('+', StringComparison.Ordinal)) throw new ImapSyntaxException("bad tag");
        return tag;
    }

    private async Task<string> DispatchAsync(string tag, string command, bool uid, ImapParser parser)
    {
        switch (command)
        {
            case "CAPABILITY": parser.End(); _output.Line("* CAPABILITY " + Capabilities()); return "OK CAPABILITY completed";
            case "NOOP": parser.End(); if (_selected is not null) ReportChanges(); return "OK NOOP completed";
            case "STARTTLS": return await StartTlsCommandAsync(tag, parser);
            case "LOGIN": return await LoginCommandAsync(parser);
            case "AUTHENTICATE": return await AuthenticateCommandAsync(parser);
            case "ID": return Id(parser);
        }
        if (_user is null)
            return IsKnown(command) ? "NO [AUTHORIZATIONFAILED] log in first" : $"BAD unknown command '{command}'";
        switch (command)
        {
            case "SELECT": return Select(parser, readOnly: false);
            case "EXAMINE": return Select(parser, readOnly: true);
            case "CREATE": return Create(parser);
            case "DELETE": return Delete(parser);
            case "RENAME": return Rename(parser);
            case "SUBSCRIBE" or "UNSUBSCRIBE": return Subscribe(parser, command);
            case "LIST" or "LSUB": return List(parser, command);
            case "STATUS": return Status(parser);
            case "APPEND": return await AppendAsync(parser);
            case "IDLE": return await IdleAsync(tag, parser);
            case "NAMESPACE": return Namespace(parser);
            case "ENABLE": return Enable(parser);
            case "GETQUOTAROOT": return await GetQuotaRootAsync(parser);
            case "GETQUOTA": return await GetQuotaAsync(parser);
            case "SETQUOTA": return SetQuota(parser);
        }
        if (_selected is null)
            return IsKnown(command) ? "BAD no mailbox selected (SELECT or EXAMINE first)" : $"BAD unknown command '{command}'";
        return command switch
        {
            "CHECK" => Check(parser),
            "CLOSE" => Close(parser, expunge: true),
            "UNSELECT" => Close(parser, expunge: false),
            "EXPUNGE" => Expunge(parser, uid),
            "SEARCH" => Search(parser, uid),
            "SORT" => Sort(parser, uid),
            "THREAD" => Thread(parser, uid),
            "FETCH" => await FetchAsync(parser, uid),
            "STORE" => Store(parser, uid),
            "COPY" => await CopyAsync(parser, uid, move: false),
            "MOVE" => await CopyAsync(parser, uid, move: true),
            _ => $"BAD unknown command '{command}'",
        };
    }

    private static bool IsKnown(string command) => command is "SELECT" or "EXAMINE" or "CREATE" or "DELETE" or "RENAME" or "SUBSCRIBE" or "UNSUBSCRIBE"
        or "LIST" or "LSUB" or "STATUS" or "APPEND" or "IDLE" or "NAMESPACE" or "ENABLE" or "GETQUOTAROOT" or "GETQUOTA" or "SETQUOTA" or "CHECK" or "CLOSE" or "UNSELECT" or "EXPUNGE" or "SEARCH" or "SORT" or "THREAD" or "FETCH" or "STORE" or "COPY" or "MOVE";
}
