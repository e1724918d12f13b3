using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// A scripted LMTP server (RFC 2033) on 127.0.0.1 standing for a backend such as Dovecot, which the
/// test image does not have: it knows <paramref name="users"/>, refuses others at RCPT with 550 5.1.1,
/// and keeps each message it took (per recipient). Every read is bounded; disposed with the test.
/// </summary>
public sealed class LmtpBackendStub(IReadOnlyCollection<string> users) : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public ConcurrentQueue<(string Recipient, string Text)> Delivered { get; } = new();
    public ConcurrentQueue<string> Commands { get; } = new();

    public static LmtpBackendStub Start(params string[] users)
    {
        var stub = new LmtpBackendStub(users);
        stub._listener.Start();
        stub._loop = stub.AcceptLoopAsync();
        return stub;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            await using var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.UTF8, false);
            async Task Say(string text) => await stream.WriteAsync(Encoding.UTF8.GetBytes(text + "\r\n"), limit.Token);
            var accepted = new List<string>();
            await Say("220 lmtp.backend.test LMTP ready");
            while (await reader.ReadLineAsync(limit.Token) is { } line)
            {
                Commands.Enqueue(line);
                var verb = line.Split(' ', ':')[0].ToUpperInvariant();
                if (verb == "LHLO") await Say("250-lmtp.backend.test\r\n250-PIPELINING\r\n250 8BITMIME");
                else if (verb == "MAIL") { accepted.Clear(); await Say("250 2.1.0 Ok"); }
                else if (verb == "RSET") { accepted.Clear(); await Say("250 2.0.0 Ok"); }
                else if (verb == "RCPT")
                {
                    var address = line[(line.IndexOf('<') + 1)..line.LastIndexOf('>')];
                    if (users.Contains(address, StringComparer.OrdinalIgnoreCase)) { accepted.Add(address); await Say("250 2.1.5 Ok"); }
                    else await Say($"550 5.1.1 <{address}> User doesn't exist");
                }
                else if (verb == "DATA")
                {
                    await Say("354 End data with <CR><LF>.<CR><LF>");
                    var text = new StringBuilder();
                    while (await reader.ReadLineAsync(limit.Token) is { } body && body != ".") text.Append(body.StartsWith("..", StringComparison.Ordinal) ? body[1..] : body).Append('\n');
                    foreach (var recipient in accepted)
                    {
                        Delivered.Enqueue((recipient, text.ToString()));
                        await Say($"250 2.0.0 <{recipient}> Saved");
                    }
                }
                else if (verb == "QUIT") { await Say("221 2.0.0 Bye"); return; }
                else await Say("502 5.5.2 Unknown command");
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
        {
            // the client went away or the test is over
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        if (_loop is not null) await _loop.WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }
}
