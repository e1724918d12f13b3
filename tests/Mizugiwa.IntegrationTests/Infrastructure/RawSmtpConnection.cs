using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mizugiwa.IntegrationTests.Infrastructure;

/// <summary>One SMTP reply as read off the wire: all its lines, the code from the last one.</summary>
public sealed record RawReply(IReadOnlyList<string> Lines)
{
    public int Code => int.Parse(Lines[^1].AsSpan(0, 3), provider: System.Globalization.CultureInfo.InvariantCulture);
    public string LastLine => Lines[^1];
    public override string ToString() => string.Join(" | ", Lines);
}

/// <summary>
/// A plain TCP client that writes exactly the bytes it is given, for what real SMTP libraries will
/// not send (pipelined batches, bare LFs). Every read has a time limit.
/// </summary>
public sealed class RawSmtpConnection : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private RawSmtpConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
        _reader = new StreamReader(_stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
    }

    /// <param name="header">Sent right after connecting, before the greeting is read (e.g. a PROXY header).</param>
    /// <param name="server">The server's address (default 127.0.0.1).</param>
    /// <param name="from">A loopback address to connect from, so the server sees that client (e.g. 127.0.0.50).</param>
    public static async Task<RawSmtpConnection> ConnectAsync(int port, TimeSpan? timeout = null, string? header = null, IPAddress? server = null, IPAddress? from = null)
    {
        var client = from is null ? new TcpClient() : new TcpClient(new IPEndPoint(from, 0));
        try
        {
            using var limit = new CancellationTokenSource(timeout ?? DefaultTimeout);
            await client.ConnectAsync(server ?? IPAddress.Loopback, port, limit.Token);
            var connection = new RawSmtpConnection(client);
            if (header is not null) await connection.SendRawAsync(header);
            return connection;
        }
        catch (OperationCanceledException)
        {
            client.Dispose();
            throw new TimeoutException($"connect to {server ?? IPAddress.Loopback}:{port} timed out");
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Writes <paramref name="text"/> as is (UTF-8); the caller supplies every line ending.</summary>
    public async Task SendRawAsync(string text)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(text));
        await _stream.FlushAsync();
    }

    public Task SendLineAsync(string line) => SendRawAsync(line + "\r\n");

    /// <summary>Reads one line; null when the server closed the connection.</summary>
    public async Task<string?> ReadLineAsync(TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            return await _reader.ReadLineAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no line from the server within {timeout ?? DefaultTimeout}");
        }
    }

    /// <summary>Reads one (possibly multi-line) reply.</summary>
    public async Task<RawReply> ReadReplyAsync(TimeSpan? timeout = null)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync(timeout) ?? throw new EndOfStreamException($"connection closed after {string.Join(" | ", lines)}");
            lines.Add(line);
            if (line.Length < 4 || line[3] != '-') return new RawReply(lines);
        }
    }

    /// <summary>Sends one command line and reads its reply.</summary>
    public async Task<RawReply> CommandAsync(string command)
    {
        await SendLineAsync(command);
        return await ReadReplyAsync();
    }

    /// <summary>Reads replies until the server closes the connection.</summary>
    public async Task<IReadOnlyList<RawReply>> ReadRepliesUntilClosedAsync(TimeSpan? timeout = null)
    {
        var replies = new List<RawReply>();
        var lines = new List<string>();
        while (await ReadLineAsync(timeout) is { } line)
        {
            lines.Add(line);
            if (line.Length < 4 || line[3] != '-')
            {
                replies.Add(new RawReply(lines));
                lines = [];
            }
        }
        return replies;
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
