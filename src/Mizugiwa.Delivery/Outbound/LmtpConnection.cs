using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Mizugiwa.Delivery.Outbound;

/// <summary>One SMTP-style reply: the code and its lines joined.</summary>
internal readonly record struct LmtpReply(int Code, string Text)
{
    public override string ToString() => Text;
}

/// <summary>The line layer of <see cref="LmtpTransport"/>: commands, multi-line replies, the dot-stuffed message; every wait bounded.</summary>
internal sealed class LmtpConnection(NetworkStream stream, TimeSpan timeout, CancellationToken cancellationToken) : IDisposable
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8, false, 4096, leaveOpen: true);
    private readonly CancellationTokenSource _limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

    private CancellationToken Step()
    {
        _limit.CancelAfter(timeout);
        return _limit.Token;
    }

    public async Task<LmtpReply> CommandAsync(string command)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(command + "\r\n"), Step());
        return await ReadReplyAsync();
    }

    public async Task<LmtpReply> ReadReplyAsync()
    {
        var token = Step();
        var text = new StringBuilder();
        for (int lines = 0; lines < 1000; lines++)
        {
            var line = await _reader.ReadLineAsync(token) ?? throw new IOException("connection closed by the LMTP server");
            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code))
                throw new IOException($"not an LMTP reply: {line}");
            if (text.Length > 0) text.Append(' ');
            text.Append(line.Length > 4 ? line[4..] : "");
            if (line.Length == 3 || line[3] != '-') return new LmtpReply(code, text.ToString());
        }
        throw new IOException("LMTP reply too long");
    }

    /// <summary>Sends the content with leading dots doubled, a final CRLF if missing, and the ".".</summary>
    public async Task SendMessageAsync(Stream content)
    {
        var input = new byte[64 * 1024];
        var output = new byte[2 * input.Length + 5];
        bool lineStart = true;
        byte last = (byte)'\n';
        int read;
        while ((read = await content.ReadAsync(input, Step())) > 0)
        {
            int n = 0;
            for (int i = 0; i < read; i++)
            {
                byte b = input[i];
                if (lineStart && b == '.') output[n++] = (byte)'.';
                output[n++] = b;
                lineStart = b == '\n';
                last = b;
            }
            await stream.WriteAsync(output.AsMemory(0, n), Step());
        }
        var end = last == '\n' ? ".\r\n"u8.ToArray() : "\r\n.\r\n"u8.ToArray();
        await stream.WriteAsync(end, Step());
    }

    public void Dispose()
    {
        _reader.Dispose();
        _limit.Dispose();
    }
}
