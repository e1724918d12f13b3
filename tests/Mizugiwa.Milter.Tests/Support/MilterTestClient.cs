using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mizugiwa.Milter.Tests.Support;

/// <summary>One packet as the test client reads it.</summary>
internal sealed record ReadPacket(char Command, byte[] Data)
{
    public string Text => Encoding.UTF8.GetString(Data);

    /// <summary>The NUL-terminated strings of the data (after <paramref name="skip"/> octets, e.g. an index).</summary>
    public string[] Strings(int skip = 0)
    {
        var text = Encoding.UTF8.GetString(Data, skip, Data.Length - skip);
        return (text.EndsWith('\0') ? text[..^1] : text).Split('\0');
    }

    public uint Index => BinaryPrimitives.ReadUInt32BigEndian(Data);
}

/// <summary>
/// The MTA side of the milter protocol, written out by hand (not with the server's codec) so both are tested against
/// the protocol: it negotiates as Postfix 3.7 does with milter_protocol = 6 and sends commands as Postfix does.
/// Every read is bounded.
/// </summary>
internal sealed class MilterTestClient : IAsyncDisposable
{
    public const uint PostfixActions = 0x1FF;
    public const uint PostfixSteps = 0x1FFFFF;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private MilterTestClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static async Task<MilterTestClient> ConnectAsync(int port)
    {
        var tcp = new TcpClient();
        using var limit = new CancellationTokenSource(Timeout);
        await tcp.ConnectAsync(IPAddress.Loopback, port, limit.Token);
        return new MilterTestClient(tcp);
    }

    public async Task SendAsync(char command, params byte[][] parts)
    {
        var data = parts.SelectMany(p => p).ToArray();
        var packet = new byte[5 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(packet, (uint)(1 + data.Length));
        packet[4] = (byte)command;
        data.CopyTo(packet, 5);
        await SendRawAsync(packet);
    }

    public async Task SendRawAsync(byte[] bytes)
    {
        using var limit = new CancellationTokenSource(Timeout);
        await _stream.WriteAsync(bytes, limit.Token);
    }

    public static byte[] Z(string text) => [.. Encoding.UTF8.GetBytes(text), 0];

    public static byte[] Word(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    /// <summary>The next packet, or null when the server closed the connection.</summary>
    public async Task<ReadPacket?> ReadAsync(TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? Timeout);
        var prefix = new byte[4];
        if (!await ReadExactlyAsync(prefix, limit.Token)) return null;
        var length = BinaryPrimitives.ReadUInt32BigEndian(prefix);
        Assert.InRange(length, 1u, 1_000_000u);
        var body = new byte[length];
        Assert.True(await ReadExactlyAsync(body, limit.Token), "the connection closed in the middle of a reply");
        return new ReadPacket((char)body[0], body[1..]);
    }

    /// <summary>Reads replies until one that ends the message's end of body (not a header edit or progress).</summary>
    public async Task<(List<ReadPacket> Edits, ReadPacket Final, int Progress)> ReadEndOfBodyAsync(TimeSpan? timeout = null)
    {
        var edits = new List<ReadPacket>();
        var progress = 0;
        while (true)
        {
            var packet = await ReadAsync(timeout) ?? throw new InvalidOperationException("closed before the final reply");
            switch (packet.Command)
            {
                case 'h' or 'i' or 'm' or 'b': edits.Add(packet); break;
                case 'p': progress++; break;
                default: return (edits, packet, progress);
            }
        }
    }

    /// <summary>Whether the server closes the connection (within the timeout) without sending anything more.</summary>
    public async Task<bool> IsClosedByServerAsync()
    {
        try { return await ReadAsync() is null; }
        catch (IOException) { return true; }
    }

    private async Task<bool> ReadExactlyAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await _stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                if (read == 0) return false;
                throw new IOException("closed in the middle of a packet");
            }
            read += n;
        }
        return true;
    }

    public async Task<ReadPacket> NegotiateAsync(uint version = 6, uint actions = PostfixActions, uint steps = PostfixSteps)
    {
        await SendAsync('O', Word(version), Word(actions), Word(steps));
        return await ReadAsync() ?? throw new InvalidOperationException("closed instead of negotiating");
    }

    /// <summary>Connect, HELO and MAIL with their macros, RCPTs, headers, body, end of body: as Postfix sends a message.</summary>
    public async Task SendMessageAsync(MilterTestMessage message)
    {
        if (message.WithConnect)
        {
            await SendAsync('D', [(byte)'C'], Z("j"), Z("mta.postfix.test"), Z("{daemon_name}"), Z("smtpd"));
            await SendAsync('C', Z(message.ClientName), [(byte)'4'], [0xC3, 0x50], Z(message.ClientAddress));
            await SendAsync('H', Z(message.Helo));
        }
        var mailMacros = new List<byte[]> { Z("i"), Z(message.QueueId) };
        if (message.AuthenticatedAs is { } user) mailMacros.AddRange([Z("{auth_type}"), Z("PLAIN"), Z("{auth_authen}"), Z(user)]);
        await SendAsync('D', [[(byte)'M'], .. mailMacros]);
        await SendAsync('M', Z($"<{message.Sender}>"), Z("BODY=8BITMIME"));
        foreach (var recipient in message.Recipients) await SendAsync('R', Z($"<{recipient}>"));
        foreach (var (name, value) in message.Headers) await SendAsync('L', Z(name), Z(value));
        await SendAsync('N');
        var body = Encoding.UTF8.GetBytes(message.Body);
        for (var offset = 0; offset < body.Length; offset += 65535) await SendAsync('B', body[offset..Math.Min(body.Length, offset + 65535)]);
        await SendAsync('E');
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }
}

/// <summary>A message as the test client sends it: header values as Postfix sends them with SMFIP_HDR_LEADSPC (" value", folds as LF).</summary>
internal sealed record MilterTestMessage
{
    public bool WithConnect { get; init; } = true;
    public string ClientName { get; init; } = "mail.remote.example";
    public string ClientAddress { get; init; } = "192.0.2.7";
    public string Helo { get; init; } = "mail.remote.example";
    public string QueueId { get; init; } = "4ABCDEF123";
    public string? AuthenticatedAs { get; init; }
    public string Sender { get; init; } = "sender@remote.example";
    public IReadOnlyList<string> Recipients { get; init; } = ["alice@example.test"];
    public IReadOnlyList<(string Name, string Value)> Headers { get; init; } =
    [
        ("From", " Sender <sender@remote.example>"),
        ("To", " alice@example.test"),
        ("Subject", " Hello\n\tthere"),
    ];
    public string Body { get; init; } = "Hello Alice,\r\nsee you.\r\n";
}
