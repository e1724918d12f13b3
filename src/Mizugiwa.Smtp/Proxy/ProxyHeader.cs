using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Mizugiwa.Smtp.Proxy;

public enum ProxyParseStatus { NeedMoreData, Done, Invalid }

/// <summary>
/// The PROXY protocol header (HAProxy, versions 1 and 2) that a load balancer puts in front of the
/// connection so that we learn the real client address. A v1 "UNKNOWN" or a v2 "LOCAL" header
/// carries no address: the connection's own address is kept.
/// </summary>
public static class ProxyHeader
{
    private static readonly byte[] V2Signature = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];
    private const int V1MaxLength = 107;

    /// <summary>
    /// Parses a header at the start of <paramref name="buffer"/>. On Done, <paramref name="consumed"/> is the
    /// end of the header and <paramref name="source"/> the client address, or null for UNKNOWN/LOCAL.
    /// </summary>
    public static ProxyParseStatus TryParse(ReadOnlySequence<byte> buffer, out SequencePosition consumed, out IPEndPoint? source, out string? error)
    {
        consumed = buffer.Start;
        source = null;
        error = null;
        if (buffer.Length == 0) return ProxyParseStatus.NeedMoreData;
        var first = SequenceBytes.First(buffer);
        if (first == (byte)'P') return ParseV1(buffer, out consumed, out source, out error);
        if (first == 0x0D) return ParseV2(buffer, out consumed, out source, out error);
        error = "no PROXY header";
        return ProxyParseStatus.Invalid;
    }

    private static ProxyParseStatus ParseV1(ReadOnlySequence<byte> buffer, out SequencePosition consumed, out IPEndPoint? source, out string? error)
    {
        consumed = buffer.Start;
        source = null;
        error = null;
        var lf = buffer.PositionOf((byte)'\n');
        if (lf is null)
        {
            if (buffer.Length < V1MaxLength) return ProxyParseStatus.NeedMoreData;
            error = "PROXY v1 header too long";
            return ProxyParseStatus.Invalid;
        }
        var line = Encoding.ASCII.GetString(buffer.Slice(0, lf.Value));
        consumed = buffer.GetPosition(1, lf.Value);
        if (!line.EndsWith('\r') || line.Length + 1 > V1MaxLength) { error = "bad PROXY v1 line"; return ProxyParseStatus.Invalid; }
        var parts = line[..^1].Split(' ');
        if (parts[0] != "PROXY" || parts.Length < 2) { error = "bad PROXY v1 line"; return ProxyParseStatus.Invalid; }
        if (parts[1] == "UNKNOWN") return ProxyParseStatus.Done;
        if (parts.Length != 6 || parts[1] is not ("TCP4" or "TCP6")
            || !IPAddress.TryParse(parts[2], out var address) || !IPAddress.TryParse(parts[3], out _)
            || !ushort.TryParse(parts[4], out var port) || !ushort.TryParse(parts[5], out _)
            || (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) != (parts[1] == "TCP4"))
        {
            error = "bad PROXY v1 addresses";
            return ProxyParseStatus.Invalid;
        }
        source = new IPEndPoint(address, port);
        return ProxyParseStatus.Done;
    }

    private static ProxyParseStatus ParseV2(ReadOnlySequence<byte> buffer, out SequencePosition consumed, out IPEndPoint? source, out string? error)
    {
        consumed = buffer.Start;
        source = null;
        error = null;
        if (buffer.Length < 16) return ProxyParseStatus.NeedMoreData;
        Span<byte> fixedPart = stackalloc byte[16];
        buffer.Slice(0, 16).CopyTo(fixedPart);
        if (!fixedPart[..12].SequenceEqual(V2Signature)) { error = "bad PROXY v2 signature"; return ProxyParseStatus.Invalid; }
        int version = fixedPart[12] >> 4, command = fixedPart[12] & 0x0F, family = fixedPart[13] >> 4;
        int length = BinaryPrimitives.ReadUInt16BigEndian(fixedPart[14..]);
        if (version != 2 || command > 1) { error = "unsupported PROXY v2 version or command"; return ProxyParseStatus.Invalid; }
        if (buffer.Length < 16 + length) return ProxyParseStatus.NeedMoreData;
        var body = buffer.Slice(16, length).ToArray();
        consumed = buffer.GetPosition(16 + length);
        if (command == 0) return ProxyParseStatus.Done; // LOCAL: a health check from the proxy itself
        switch (family)
        {
            case 1 when length >= 12:
                source = new IPEndPoint(new IPAddress(body.AsSpan(0, 4)), BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(8)));
                return ProxyParseStatus.Done;
            case 2 when length >= 36:
                source = new IPEndPoint(new IPAddress(body.AsSpan(0, 16)), BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(32)));
                return ProxyParseStatus.Done;
            case 0:
                return ProxyParseStatus.Done; // UNSPEC
            default:
                error = "unsupported PROXY v2 address family";
                return ProxyParseStatus.Invalid;
        }
    }
}
