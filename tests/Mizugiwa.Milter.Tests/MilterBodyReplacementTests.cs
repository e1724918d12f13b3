using System.Text;
using Mizugiwa.Milter.Protocol;

namespace Mizugiwa.Milter.Tests;

public sealed class MilterBodyReplacementTests
{
    private static MilterMessage Received(string contentType, string body, string? encoding = null)
    {
        var message = new MilterMessage(1 << 24, valuesHaveLeadingSpace: true);
        message.AddHeader("Subject"u8.ToArray(), " x"u8.ToArray());
        message.AddHeader("MIME-Version"u8.ToArray(), " 1.0"u8.ToArray());
        message.AddHeader("Content-Type"u8.ToArray(), Encoding.UTF8.GetBytes(" " + contentType));
        if (encoding is not null) message.AddHeader("Content-Transfer-Encoding"u8.ToArray(), Encoding.UTF8.GetBytes(" " + encoding));
        message.AddBody(Encoding.UTF8.GetBytes(body));
        return message;
    }

    private static string Describe(MilterPacket packet) => packet.Command == (byte)'b'
        ? $"b {Encoding.UTF8.GetString(packet.Data)}"
        : $"{(char)packet.Command} {string.Join("|", Encoding.UTF8.GetString(packet.Data, packet.Command == (byte)'m' ? 4 : 0, packet.Data.Length - (packet.Command == (byte)'m' ? 4 : 0)).TrimEnd('\0').Split('\0'))}";

    [Fact]
    public void A_rewrite_of_the_header_section_alone_changes_no_body_even_with_other_line_ends()
    {
        var original = Received("text/plain", "line 1\r\nline 2\r\n");
        var rewritten = "Received: ours\nSubject: x\nMIME-Version: 1.0\nContent-Type: text/plain\n\nline 1\nline 2\n"u8;
        Assert.Empty(MilterBodyReplacement.For(original, rewritten, leadingSpace: true));
    }

    [Fact]
    public void A_stripped_part_of_a_multipart_replaces_the_body_with_CRLF_lines()
    {
        var original = Received("multipart/mixed; boundary=\"b1\"", "--b1\r\n\r\ntext\r\n--b1\r\nContent-Type: application/octet-stream; name=x.exe\r\n\r\nTVqQ\r\n--b1--\r\n");
        var rewritten = "Received: ours\nSubject: x\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b1\"\n\n--b1\n\ntext\n--b1\nContent-Type: text/plain\n\nremoved\n--b1--\n"u8;
        var edits = MilterBodyReplacement.For(original, rewritten, leadingSpace: true);
        Assert.Equal(["b --b1\r\n\r\ntext\r\n--b1\r\nContent-Type: text/plain\r\n\r\nremoved\r\n--b1--\r\n"], edits.Select(Describe));
    }

    [Fact]
    public void A_stripped_whole_body_changes_the_top_level_MIME_headers_too()
    {
        var original = Received("application/octet-stream; name=x.exe", "TVqQ\r\n", encoding: "base64");
        var rewritten = "Subject: x\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Disposition: inline\r\n\r\nremoved\r\n"u8;
        var edits = MilterBodyReplacement.For(original, rewritten, leadingSpace: true);
        Assert.Equal(["m Content-Type| text/plain; charset=utf-8", "m Content-Transfer-Encoding", "h Content-Disposition| inline", "b removed\r\n"], edits.Select(Describe));
    }

    [Fact]
    public void A_large_new_body_goes_in_pieces_the_size_of_body_chunks()
    {
        var original = Received("text/plain", "short\r\n");
        var body = string.Concat(Enumerable.Repeat("0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\r\n", 2000));
        var edits = MilterBodyReplacement.For(original, Encoding.UTF8.GetBytes("MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n" + body), leadingSpace: true);
        Assert.All(edits, e => Assert.Equal((byte)'b', e.Command));
        Assert.Equal(3, edits.Count);
        Assert.All(edits, e => Assert.True(e.Data.Length <= 65535));
        Assert.Equal(body, string.Concat(edits.Select(e => Encoding.UTF8.GetString(e.Data))));
    }
}
