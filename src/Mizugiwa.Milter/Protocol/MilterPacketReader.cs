using System.Buffers;
using System.Buffers.Binary;

namespace Mizugiwa.Milter.Protocol;

internal enum MilterReadStatus
{
    Complete,
    NeedMore,
    /// <summary>The length field names more than the configured maximum; nothing after it is read.</summary>
    TooLong,
    /// <summary>A length of 0: a packet without even a command byte.</summary>
    Empty,
}

/// <summary>
/// Cuts packets out of the input: a 4-byte big-endian length (command byte included), the command byte,
/// the data. No I/O; the length is checked as soon as its 4 bytes are there, before the packet is buffered.
/// </summary>
internal static class MilterPacketReader
{
    public const int LengthBytes = 4;

    /// <param name="buffer">Advanced past the packet when it is complete; unchanged otherwise.</param>
    /// <param name="length">The length field, once it has arrived (for the log of a refused packet).</param>
    public static MilterReadStatus TryRead(ref ReadOnlySequence<byte> buffer, int maxLength, out MilterPacket packet, out uint length)
    {
        packet = default;
        length = 0;
        if (buffer.Length < LengthBytes) return MilterReadStatus.NeedMore;
        Span<byte> prefix = stackalloc byte[LengthBytes];
        buffer.Slice(0, LengthBytes).CopyTo(prefix);
        length = BinaryPrimitives.ReadUInt32BigEndian(prefix);
        if (length == 0) return MilterReadStatus.Empty;
        if (length > (uint)maxLength) return MilterReadStatus.TooLong;
        if (buffer.Length < LengthBytes + length) return MilterReadStatus.NeedMore;
        var body = buffer.Slice(LengthBytes, length);
        var command = body.FirstSpan[0];
        packet = new MilterPacket(command, body.Slice(1).ToArray());
        buffer = buffer.Slice(body.End);
        return MilterReadStatus.Complete;
    }
}
