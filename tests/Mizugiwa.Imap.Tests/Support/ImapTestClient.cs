using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Mizugiwa.Imap.Tests.Support;

/// <summary>A raw IMAP client for transcripts: sends lines, reads response lines (literals inline), every wait bounded.</summary>
internal sealed class ImapTestClient : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly TcpClient _tcp;
    private Stream _stream;
    private int _tag;

    private ImapTestClient(TcpClient tcp, Stream stream)
    {
        _tcp = tcp;
        _stream = stream;
    }

    public string Greeting { get; private set; } = "";

    public static async Task<ImapTestClient> ConnectAsync(int port, bool tls = true)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        var client = new ImapTestClient(tcp, tcp.GetStream());
        if (tls) await client.HandshakeAsync();
        client.Greeting = await client.ReadLineAsync();
        return client;
    }

    public async Task HandshakeAsync()
    {
        var ssl = new SslStream(_stream, false, (_, certificate, _, _) => certificate?.Subject == "CN=imap.test");
        using var limit = new CancellationTokenSource(Timeout);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "imap.test" }, limit.Token);
        _stream = ssl;
    }

    public async Task SendAsync(string text)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(text));
        await _stream.FlushAsync();
    }

    /// <summary>Sends a tagged command and returns every line up to and including the tagged one.</summary>
    public async Task<List<string>> CommandAsync(string command)
    {
        var tag = $"t{++_tag}";
        await SendAsync($"{tag} {command}\r\n");
        return await ReadUntilTaggedAsync(tag);
    }

    public async Task<List<string>> ReadUntilTaggedAsync(string tag)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await ReadLineAsync();
            lines.Add(line);
            if (line.StartsWith(tag + " ", StringComparison.Ordinal)) return lines;
        }
    }

    public string LastTag => $"t{_tag}";

    /// <summary>The tagged response of a command without its tag: "OK …", "NO …", "BAD …".</summary>
    public async Task<string> ResultAsync(string command)
    {
        var last = (await CommandAsync(command))[^1];
        return last[(last.IndexOf(' ', StringComparison.Ordinal) + 1)..];
    }

    public string NextTag() => $"t{++_tag}";

    /// <summary>One response line; a literal announced at its end is read and appended with the rest of the line.</summary>
    public async Task<string> ReadLineAsync()
    {
        using var limit = new CancellationTokenSource(Timeout);
        var text = new StringBuilder();
        while (true)
        {
            var line = await RawLineAsync(limit.Token);
            text.Append(line);
            var match = System.Text.RegularExpressions.Regex.Match(line, @"\{(\d+)\}$");
            if (!match.Success) return text.ToString();
            var literal = new byte[int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)];
            await _stream.ReadExactlyAsync(literal, limit.Token);
            text.Append("\r\n").Append(Encoding.UTF8.GetString(literal));
        }
    }

    private async Task<string> RawLineAsync(CancellationToken cancellationToken)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await _stream.ReadAsync(one, cancellationToken) == 0) throw new EndOfStreamException("server closed: " + Encoding.UTF8.GetString([.. bytes]));
            if (one[0] == '\n') break;
            bytes.Add(one[0]);
        }
        if (bytes.Count > 0 && bytes[^1] == '\r') bytes.RemoveAt(bytes.Count - 1);
        return Encoding.UTF8.GetString([.. bytes]);
    }

    public async Task<List<string>> LoginAsync()
    {
        var lines = await CommandAsync("LOGIN alice@example.test secret");
        Assert.StartsWith(LastTag + " OK", lines[^1]);
        return lines;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }
}
