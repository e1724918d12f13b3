using System.Buffers;
using System.Buffers.Binary;

namespace Mizugiwa.Milter.Protocol;

/// <summary>Writes packets: the 4-byte big-endian length (command byte included), the command byte, the data. No I/O.</summary>
internal static class MilterPacketWriter
{
    public static void Write(IBufferWriter<byte> output, MilterPacket packet)
    {
        var span = output.GetSpan(MilterPacketReader.LengthBytes + 1 + packet.Data.Length);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)(1 + packet.Data.Length));
        span[MilterPacketReader.LengthBytes] = packet.Command;
        packet.Data.CopyTo(span[(MilterPacketReader.LengthBytes + 1)..]);
        output.Advance(MilterPacketReader.LengthBytes + 1 + packet.Data.Length);
    }
}
