using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Mizugiwa.IntegrationTests.Infrastructure;

/// <summary>IMAP over implicit TLS line by line, for what a library hides (when IDLE has begun, untagged lines); every read is bounded.</summary>
public sealed class RawImapSession : IAsyncDisposable
{
    private static readonly TimeSpan ReadLimit = TimeSpan.FromSeconds(30);
    private readonly TcpClient _tcp;
    private readonly SslStream _tls;
    private readonly StreamReader _reader;

    private RawImapSession(TcpClient tcp, SslStream tls)
    {
        _tcp = tcp;
        _tls = tls;
        _reader = new StreamReader(tls, Encoding.UTF8);
    }

    public static async Task<RawImapSession> ConnectAsync(int port)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) => certificate?.Subject == $"CN={ServerProcess.HostName}");
        using var limit = new CancellationTokenSource(ReadLimit);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = ServerProcess.HostName }, limit.Token);
        var session = new RawImapSession(tcp, tls);
        var greeting = await session.ReadLineAsync();
        if (greeting?.StartsWith("* OK", StringComparison.Ordinal) != true) throw new InvalidOperationException($"IMAP greeting: {greeting}");
        return session;
    }

    /// <summary>Sends a tagged command and returns its tagged reply, or the continuation line ("+ …"), skipping untagged lines.</summary>
    public async Task<string?> CommandAsync(string command)
    {
        var tag = command[..command.IndexOf(' ', StringComparison.Ordinal)];
        await _tls.WriteAsync(Encoding.UTF8.GetBytes(command + "\r\n"));
        while (await ReadLineAsync() is { } line)
            if (line.StartsWith(tag + " ", StringComparison.Ordinal) || line.StartsWith('+')) return line;
        return null;
    }

    public async Task<string?> ReadLineAsync()
    {
        using var limit = new CancellationTokenSource(ReadLimit);
        return await _reader.ReadLineAsync(limit.Token);
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _tls.DisposeAsync();
        _tcp.Dispose();
    }
}
