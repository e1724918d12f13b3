using System.Buffers;
using System.Text;

namespace Mizugiwa.Pop3.Tests;

/// <summary>Stored messages to their POP3 form: CRLF endings from CRLF or LF files, dot-stuffing, TOP, split chunks.</summary>
public sealed class WireFormatterTests
{
    [Theory]
    [InlineData("a\r\nb\r\n", "a\r\nb\r\n")]
    [InlineData("a\nb\n", "a\r\nb\r\n")]
    [InlineData("a\r\nb", "a\r\nb\r\n")]
    [InlineData(".hidden\r\n..two\n.\r\n", "..hidden\r\n...two\r\n..\r\n")]
    [InlineData("bare\rcr\r\n", "bare\rcr\r\n")]
    [InlineData("ends in cr\r", "ends in cr\r\r\n")]
    [InlineData("", "")]
    public void Lines_end_in_crlf_and_dots_are_stuffed_and_octets_count_without_the_stuffing(string stored, string sent)
    {
        var (wire, octets) = Format(stored, null, 1);
        Assert.Equal(sent, wire);
        Assert.Equal(sent.Length - sent.Split("\r\n").Count(line => line.StartsWith("..", StringComparison.Ordinal)), octets);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void Chunk_boundaries_anywhere_give_the_same_result(int chunk)
    {
        const string stored = "Subject: x\r\n\r\n.dot\r\nline\nlast\r";
        var (wire, octets) = Format(stored, null, chunk);
        Assert.Equal("Subject: x\r\n\r\n..dot\r\nline\r\nlast\r\r\n", wire);
        Assert.Equal(wire.Length - 1, octets);
    }

    [Theory]
    [InlineData(0, "A: 1\r\nB: 2\r\n\r\n")]
    [InlineData(2, "A: 1\r\nB: 2\r\n\r\none\r\n..two\r\n")]
    [InlineData(9, "A: 1\r\nB: 2\r\n\r\none\r\n..two\r\nthree\r\n")]
    public void Top_sends_the_header_section_the_blank_line_and_n_body_lines(int lines, string sent)
    {
        foreach (var chunk in new[] { 1, 4, 100 })
            Assert.Equal(sent, Format("A: 1\nB: 2\n\none\n.two\nthree\n", lines, chunk).Wire);
    }

    [Theory]
    [InlineData("1733369000.M12P3Q4.host", "1733369000.M12P3Q4.host")]
    [InlineData("1733369000.M12P3Q4.host:2,S", "1733369000.M12P3Q4.host")]
    public void The_uid_is_the_file_name_before_the_colon(string file, string uid) => Assert.Equal(uid, MaildropMessage.UidOf(file));

    [Fact]
    public void A_name_pop3_cannot_carry_becomes_a_digest_of_41_characters()
    {
        var uid = MaildropMessage.UidOf("名前 with space");
        Assert.Matches("^H[0-9a-f]{40}$", uid);
        Assert.Equal(uid, MaildropMessage.UidOf("名前 with space:2,S"));
        Assert.Matches("^H[0-9a-f]{40}$", MaildropMessage.UidOf(new string('x', 71)));
    }

    private static (string Wire, long Octets) Format(string stored, int? bodyLines, int chunk)
    {
        var output = new ArrayBufferWriter<byte>();
        var formatter = new WireFormatter(output, bodyLines);
        var bytes = Encoding.UTF8.GetBytes(stored);
        for (int i = 0; i < bytes.Length && !formatter.Done; i += chunk) formatter.Write(bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)));
        formatter.Complete();
        return (Encoding.UTF8.GetString(output.WrittenSpan), formatter.Octets);
    }
}
