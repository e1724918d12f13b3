using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PolicyLoad;

/// <summary>One connection in lock-step, like one Postfix smtpd: send a request, read the whole answer, send the next.</summary>
internal sealed class Connection(IPEndPoint server, byte[][] requests, long deadline)
{
    public List<long> Latencies { get; } = new(requests.Length);
    public Dictionary<string, int> Actions { get; } = new(StringComparer.Ordinal);

    public async Task RunAsync()
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(server);
        var buffer = new byte[8192];
        foreach (var request in requests)
        {
            if (Stopwatch.GetTimestamp() > deadline) break;
            var t0 = Stopwatch.GetTimestamp();
            await socket.SendAsync(request, SocketFlags.None);
            var filled = 0;
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None);
                if (n == 0) throw new IOException("server closed the connection");
                filled += n;
                if (filled >= 2 && buffer[filled - 1] == '\n' && buffer[filled - 2] == '\n') break;
                if (filled == buffer.Length) throw new IOException("answer too long");
            }
            Latencies.Add(Stopwatch.GetTimestamp() - t0);
            Count(buffer.AsSpan(0, filled));
        }
    }

    private void Count(ReadOnlySpan<byte> answer)
    {
        var key = "NONE";
        if (answer.StartsWith("action="u8))
        {
            var rest = answer[7..];
            var end = rest.IndexOfAny((byte)' ', (byte)'\n');
            key = System.Text.Encoding.UTF8.GetString(end < 0 ? rest : rest[..end]);
        }
        Actions[key] = Actions.GetValueOrDefault(key) + 1;
    }
}
