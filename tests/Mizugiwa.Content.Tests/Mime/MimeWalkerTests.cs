using System.Text;
using Mizugiwa.Content.Mime;

namespace Mizugiwa.Content.Tests.Mime;

public sealed class MimeWalkerTests
{
    private static ContentMessage Read(string raw, MimeLimits? limits = null) =>
        ContentMessageReader.Read(Encoding.Latin1.GetBytes(raw), new ContentEnvelope(null, null, null, "", []), limits);

    [Fact]
    public void Iso_2022_jp_text_is_decoded()
    {
        var body = Encoding.Latin1.GetString(Encoding.GetEncoding("iso-2022-jp").GetBytes("日本語のメール"));
        var message = Read($"Subject: x\r\nContent-Type: text/plain; charset=iso-2022-jp\r\nContent-Transfer-Encoding: 7bit\r\n\r\n{body}\r\n");
        Assert.Contains("日本語のメール", Assert.Single(message.Parts.Texts).Text);
    }

    [Theory]
    [InlineData("shift_jis")]
    [InlineData("euc-jp")]
    public void Japanese_8bit_charsets_are_decoded(string charset)
    {
        var body = Encoding.Latin1.GetString(Encoding.GetEncoding(charset).GetBytes("迷惑メール対策"));
        var message = Read($"Subject: x\r\nContent-Type: text/plain; charset={charset}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n");
        Assert.Contains("迷惑メール対策", Assert.Single(message.Parts.Texts).Text);
    }

    [Fact]
    public void Html_becomes_text_and_keeps_its_source()
    {
        var message = Read("Content-Type: text/html\r\n\r\n<html><body><p>Hello <b>world</b></p><a href=\"http://example.com/\">x</a></body></html>\r\n");
        var section = Assert.Single(message.Parts.Texts);
        Assert.Contains("Hello world", section.Text);
        Assert.DoesNotContain("<b>", section.Text);
        Assert.Contains("href", section.Html);
    }

    [Fact]
    public void Attachments_and_texts_are_told_apart_in_nested_multiparts()
    {
        var message = Read(
            "Content-Type: multipart/mixed; boundary=a\r\n\r\n" +
            "--a\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n" +
            "--b\r\nContent-Type: text/plain\r\n\r\nplain\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>html</p>\r\n--b--\r\n" +
            "--a\r\nContent-Type: application/octet-stream; name=\"run.exe\"\r\nContent-Disposition: attachment; filename=\"run.exe\"\r\n\r\nMZ\r\n" +
            "--a\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=\"notes.txt\"\r\n\r\nnotes\r\n--a--\r\n");
        Assert.Equal(2, message.Parts.Texts.Count);
        Assert.Equal(["run.exe", "notes.txt"], message.Parts.Attachments.Select(a => a.FileName));
        Assert.Equal(4, message.Parts.Leaves.Count);
    }

    [Fact]
    public void A_tree_deeper_than_the_limit_is_cut_and_says_so()
    {
        var raw = new StringBuilder();
        for (var i = 0; i < 5; i++) raw.Append($"Content-Type: multipart/mixed; boundary=b{i}\r\n\r\n--b{i}\r\n");
        raw.Append("Content-Type: text/plain\r\n\r\ndeep\r\n");
        for (var i = 4; i >= 0; i--) raw.Append($"--b{i}--\r\n");
        var cut = Read(raw.ToString(), new MimeLimits(MaxDepth: 3));
        Assert.True(cut.Parts.DepthLimitReached);
        Assert.Empty(cut.Parts.Texts);
        var whole = Read(raw.ToString());
        Assert.False(whole.Parts.DepthLimitReached);
        Assert.Single(whole.Parts.Texts);
    }
}
