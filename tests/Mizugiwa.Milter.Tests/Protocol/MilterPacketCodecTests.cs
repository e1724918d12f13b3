using System.Buffers;
using Mizugiwa.Milter.Protocol;

namespace Mizugiwa.Milter.Tests.Protocol;

public sealed class MilterPacketCodecTests
{
    private static ReadOnlySequence<byte> Bytes(params byte[] bytes) => new(bytes);

    [Fact]
    public void A_whole_packet_is_read_and_the_buffer_moves_past_it()
    {
        var buffer = Bytes(0, 0, 0, 4, (byte)'H', (byte)'a', (byte)'b', 0, /* next */ 0, 0);
        Assert.Equal(MilterReadStatus.Complete, MilterPacketReader.TryRead(ref buffer, 65536, out var packet, out var length));
        Assert.Equal((byte)'H', packet.Command);
        Assert.Equal("ab\0"u8.ToArray(), packet.Data);
        Assert.Equal(4u, length);
        Assert.Equal(2, buffer.Length);
    }

    [Fact]
    public void A_packet_that_has_not_all_arrived_asks_for_more_and_leaves_the_buffer()
    {
        var buffer = Bytes(0, 0, 0, 5, (byte)'B', 1, 2);
        Assert.Equal(MilterReadStatus.NeedMore, MilterPacketReader.TryRead(ref buffer, 65536, out _, out _));
        Assert.Equal(7, buffer.Length);
        var shortPrefix = Bytes(0, 0);
        Assert.Equal(MilterReadStatus.NeedMore, MilterPacketReader.TryRead(ref shortPrefix, 65536, out _, out _));
    }

    [Fact]
    public void A_length_over_the_limit_is_refused_before_the_data_arrives()
    {
        var buffer = Bytes(0, 1, 0, 1, (byte)'B');
        Assert.Equal(MilterReadStatus.TooLong, MilterPacketReader.TryRead(ref buffer, 65536, out _, out var length));
        Assert.Equal(65537u, length);
    }

    [Fact]
    public void A_length_of_zero_is_refused()
    {
        var buffer = Bytes(0, 0, 0, 0);
        Assert.Equal(MilterReadStatus.Empty, MilterPacketReader.TryRead(ref buffer, 65536, out _, out _));
    }

    [Fact]
    public void A_packet_split_over_segments_is_read_whole()
    {
        var first = new Segment([0, 0, 0]);
        var last = first.Append([3, (byte)'L', (byte)'x', 0]);
        var buffer = new ReadOnlySequence<byte>(first, 0, last, 4);
        Assert.Equal(MilterReadStatus.Complete, MilterPacketReader.TryRead(ref buffer, 65536, out var packet, out _));
        Assert.Equal((byte)'L', packet.Command);
        Assert.Equal("x\0"u8.ToArray(), packet.Data);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void Replies_are_written_with_their_length_and_command()
    {
        Assert.Equal(new byte[] { 0, 0, 0, 1, (byte)'c' }, Written(MilterReply.Continue));
        Assert.Equal(new byte[] { 0, 0, 0, 1, (byte)'p' }, Written(MilterReply.Progress));
        Assert.Equal([0, 0, 0, 13, (byte)'O', 0, 0, 0, 6, 0, 0, 0, 0x11, 0, 0x1F, 0xF3, 0x80],
            Written(MilterReply.Negotiate(6, MilterActions.AddHeaders | MilterActions.ChangeHeaders, MilterNegotiation.WantedSteps)));
    }

    [Fact]
    public void A_reply_code_is_one_NUL_terminated_string_with_percent_doubled()
    {
        var bytes = Written(MilterReply.ReplyCode("550 5.7.1 100% spam"));
        Assert.Equal((byte)'y', bytes[4]);
        Assert.Equal("550 5.7.1 100%% spam\0", System.Text.Encoding.ASCII.GetString(bytes, 5, bytes.Length - 5));
    }

    [Fact]
    public void Header_changes_carry_the_index_then_name_and_value()
    {
        var bytes = Written(MilterReply.ChangeHeader(2, "Authentication-Results", ""));
        Assert.Equal((byte)'m', bytes[4]);
        Assert.Equal(new byte[] { 0, 0, 0, 2 }, bytes[5..9]);
        Assert.Equal("Authentication-Results\0\0", System.Text.Encoding.ASCII.GetString(bytes, 9, bytes.Length - 9));
        var insert = Written(MilterReply.InsertHeader(0, "X-Spam-Score", " 0.0"));
        Assert.Equal((byte)'i', insert[4]);
        Assert.Equal("X-Spam-Score\0 0.0\0", System.Text.Encoding.ASCII.GetString(insert, 9, insert.Length - 9));
    }

    private static byte[] Written(MilterPacket packet)
    {
        var output = new ArrayBufferWriter<byte>();
        MilterPacketWriter.Write(output, packet);
        return output.WrittenSpan.ToArray();
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes) => Memory = bytes;

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
