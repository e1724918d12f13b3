using System.Buffers.Binary;
using System.Text;

namespace Mizugiwa.Milter.Protocol;

/// <summary>The replies a milter sends (SMFIR_*), each built as a packet.</summary>
internal static class MilterReply
{
    public const byte AcceptCode = (byte)'a';
    public const byte ContinueCode = (byte)'c';
    public const byte RejectCode = (byte)'r';
    public const byte TempfailCode = (byte)'t';
    public const byte ReplyCodeCode = (byte)'y';
    public const byte AddHeaderCode = (byte)'h';
    public const byte InsertHeaderCode = (byte)'i';
    public const byte ChangeHeaderCode = (byte)'m';
    public const byte ProgressCode = (byte)'p';
    public const byte ReplaceBodyCode = (byte)'b';
    /// <summary>The most body one replacement packet carries, as the MTAs send body chunks.</summary>
    public const int BodyChunkSize = 65535;

    public static MilterPacket Continue { get; } = new(ContinueCode, []);
    public static MilterPacket Accept { get; } = new(AcceptCode, []);
    public static MilterPacket Reject { get; } = new(RejectCode, []);
    public static MilterPacket Tempfail { get; } = new(TempfailCode, []);
    public static MilterPacket Progress { get; } = new(ProgressCode, []);

    /// <summary>Our side of the option negotiation: the version we speak, the actions we may take, the steps we want.</summary>
    public static MilterPacket Negotiate(uint version, MilterActions actions, MilterSteps steps)
    {
        var data = new byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(data, version);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), (uint)actions);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(8), (uint)steps);
        return new MilterPacket(MilterCommand.Negotiate, data);
    }

    /// <summary>
    /// A whole SMTP reply such as "550 5.7.1 text". Sendmail reads it as a format string and Postfix
    /// undoes the doubling, so a '%' in the text is sent as "%%".
    /// </summary>
    public static MilterPacket ReplyCode(string reply) => new(ReplyCodeCode, Strings(reply.Replace("%", "%%", StringComparison.Ordinal)));

    /// <summary>One piece of the new body (lines end in CRLF); the pieces of one replacement go one after another.</summary>
    public static MilterPacket ReplaceBody(ReadOnlySpan<byte> chunk) => new(ReplaceBodyCode, chunk.ToArray());

    /// <summary>Appends a header after the last one.</summary>
    public static MilterPacket AddHeader(string name, string value) => new(AddHeaderCode, Strings(name, value));

    /// <summary>Inserts a header at <paramref name="index"/>: 0 is above every header, the MTA's own Received included.</summary>
    public static MilterPacket InsertHeader(uint index, string name, string value) => new(InsertHeaderCode, Indexed(index, name, value));

    /// <summary>Replaces the <paramref name="index"/>th header of that name (1 is the first); an empty value deletes it.</summary>
    public static MilterPacket ChangeHeader(uint index, string name, string value) => new(ChangeHeaderCode, Indexed(index, name, value));

    private static byte[] Indexed(uint index, string name, string value)
    {
        var strings = Strings(name, value);
        var data = new byte[4 + strings.Length];
        BinaryPrimitives.WriteUInt32BigEndian(data, index);
        strings.CopyTo(data.AsSpan(4));
        return data;
    }

    /// <summary>NUL-terminated UTF-8 strings one after another.</summary>
    private static byte[] Strings(params string[] values)
    {
        var data = new List<byte>();
        foreach (var value in values)
        {
            data.AddRange(Encoding.UTF8.GetBytes(value));
            data.Add(0);
        }
        return [.. data];
    }
}
