using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mizugiwa.Content.Clamd;

/// <summary>
/// Scans data with clamd's INSTREAM command over TCP or a Unix socket: "zINSTREAM\0", chunks each
/// prefixed by their length (4 bytes, big-endian), a zero-length chunk to end, then one reply.
/// It never throws for clamd's failures: they are <see cref="ClamdStatus.Error"/> results.
/// </summary>
public sealed class ClamdScanner(ClamdOptions options, TimeProvider? timeProvider = null)
{
    private const int MaxReplyLength = 4096;
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public ClamdOptions Options => options;

    public async Task<ClamdScanResult> ScanAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var truncated = data.Length > options.StreamMaxLength;
        if (truncated) data = data[..(int)options.StreamMaxLength];
        using var timeout = new CancellationTokenSource(options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var socket = await ConnectAsync(linked.Token);
            await socket.SendAsync("zINSTREAM\0"u8.ToArray(), SocketFlags.None, linked.Token);
            var header = new byte[4];
            for (var offset = 0; offset < data.Length; offset += options.ChunkSize)
            {
                var chunk = data.Slice(offset, Math.Min(options.ChunkSize, data.Length - offset));
                BinaryPrimitives.WriteUInt32BigEndian(header, (uint)chunk.Length);
                await socket.SendAsync(header, SocketFlags.None, linked.Token);
                await socket.SendAsync(chunk, SocketFlags.None, linked.Token);
            }
            BinaryPrimitives.WriteUInt32BigEndian(header, 0);
            await socket.SendAsync(header, SocketFlags.None, linked.Token);
            return ClamdReply.Parse(await ReadReplyAsync(socket, linked.Token), truncated);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new ClamdScanResult(ClamdStatus.Error, Error: $"no answer from clamd at {options.Endpoint} within {options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s");
        }
        catch (Exception e) when (e is SocketException or IOException or ArgumentException or FormatException)
        {
            return new ClamdScanResult(ClamdStatus.Error, Error: $"clamd at {options.Endpoint}: {e.Message}");
        }
    }

    /// <summary>True when clamd answers "PONG" to "zPING".</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var socket = await ConnectAsync(linked.Token);
            await socket.SendAsync("zPING\0"u8.ToArray(), SocketFlags.None, linked.Token);
            return (await ReadReplyAsync(socket, linked.Token)).TrimEnd('\0', '\n') == "PONG";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e) when (e is SocketException or IOException or ArgumentException or FormatException)
        {
            return false;
        }
    }

    private async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        var endpoint = ParseEndpoint(options.Endpoint);
        var socket = endpoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    internal static EndPoint ParseEndpoint(string endpoint)
    {
        if (endpoint.StartsWith("unix:", StringComparison.Ordinal)) return new UnixDomainSocketEndPoint(endpoint["unix:".Length..]);
        if (endpoint.StartsWith('/')) return new UnixDomainSocketEndPoint(endpoint);
        var colon = endpoint.LastIndexOf(':');
        if (colon <= 0) throw new FormatException($"clamd endpoint \"{endpoint}\" is neither host:port nor a socket path");
        var host = endpoint[..colon].Trim('[', ']');
        var port = int.Parse(endpoint[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture);
        return IPAddress.TryParse(host, out var address) ? new IPEndPoint(address, port) : new DnsEndPoint(host, port);
    }

    /// <summary>Reads up to the terminating NUL (the "z" command form) or until clamd closes.</summary>
    private static async Task<string> ReadReplyAsync(Socket socket, CancellationToken cancellationToken)
    {
        var reply = new List<byte>();
        var buffer = new byte[512];
        while (reply.Count < MaxReplyLength)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            if (read == 0) break;
            var nul = Array.IndexOf(buffer, (byte)0, 0, read);
            reply.AddRange(buffer.AsSpan(0, nul < 0 ? read : nul));
            if (nul >= 0) break;
        }
        return Encoding.UTF8.GetString(reply.ToArray());
    }
}
