using System.Text;

namespace Mizugiwa.Imap.Tests;

/// <summary>BODY[section], BODYSTRUCTURE and ENVELOPE cut from the stored octets.</summary>
public sealed class FetchSectionTests
{
    private const string Multipart =
        "From: =?UTF-8?B?5bGx55Sw?= <yamada@example.jp>\r\n" +
        "To: alice@example.test, Team: bob@example.test;\r\n" +
        "Subject: =?UTF-8?B?44GT44KT44Gr44Gh44Gv?=\r\n" +
        "Date: Sat, 05 Dec 2026 10:00:00 +0900\r\n" +
        "Message-Id: <m1@example.jp>\r\n" +
        "MIME-Version: 1.0\r\n" +
        "Content-Type: multipart/mixed; boundary=\"b1\"\r\n" +
        "\r\n" +
        "preamble\r\n" +
        "--b1\r\n" +
        "Content-Type: text/plain; charset=utf-8\r\n" +
        "\r\n" +
        "line one\r\n" +
        "line two\r\n" +
        "--b1\r\n" +
        "Content-Type: application/pdf; name=\"a.pdf\"\r\n" +
        "Content-Transfer-Encoding: base64\r\n" +
        "Content-Disposition: attachment; filename=\"a.pdf\"\r\n" +
        "\r\n" +
        "JVBERi0=\r\n" +
        "--b1--\r\n";

    private static readonly MessageContent Content = MessageContent.FromBytes(Encoding.ASCII.GetBytes(Multipart));

    private static string Section(string spec)
    {
        var parser = new ImapParser(Encoding.ASCII.GetBytes($"BODY.PEEK[{spec}]"));
        var item = FetchRequest.Parse(parser).Single();
        return Encoding.ASCII.GetString(SectionReader.Read(Content, item.Section!));
    }

    [Fact]
    public void Parts_are_their_content_without_the_line_break_before_the_boundary()
    {
        Assert.Equal("line one\r\nline two", Section("1"));
        Assert.Equal("JVBERi0=", Section("2"));
        Assert.StartsWith("Content-Type: application/pdf", Section("2.MIME"));
        Assert.EndsWith("filename=\"a.pdf\"\r\n\r\n", Section("2.MIME"));
        Assert.Equal("", Section("3"));
    }

    [Fact]
    public void Header_text_and_header_fields_come_from_the_top_message()
    {
        Assert.EndsWith("boundary=\"b1\"\r\n\r\n", Section("HEADER"));
        Assert.StartsWith("preamble\r\n--b1\r\n", Section("TEXT"));
        Assert.Equal("Subject: =?UTF-8?B?44GT44KT44Gr44Gh44Gv?=\r\nMessage-Id: <m1@example.jp>\r\n\r\n", Section("HEADER.FIELDS (message-id SUBJECT)"));
        Assert.DoesNotContain("Subject", Section("HEADER.FIELDS.NOT (Subject)"));
        Assert.Equal(Multipart, Section(""));
    }

    [Fact]
    public void Bodystructure_gives_types_sizes_lines_and_dispositions()
    {
        Assert.Equal(
            "((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 18 2 NIL NIL NIL NIL)" +
            "(\"application\" \"pdf\" (\"name\" \"a.pdf\") NIL NIL \"base64\" 8 NIL (\"attachment\" (\"filename\" \"a.pdf\")) NIL NIL)" +
            " \"mixed\" (\"boundary\" \"b1\") NIL NIL NIL)",
            BodyStructureWriter.Write(Content, extensions: true));
        Assert.Equal(
            "((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 18 2)(\"application\" \"pdf\" (\"name\" \"a.pdf\") NIL NIL \"base64\" 8) \"mixed\")",
            BodyStructureWriter.Write(Content, extensions: false));
    }

    [Fact]
    public void Envelope_keeps_encoded_words_and_writes_groups()
    {
        Assert.Equal(
            "(\"Sat, 05 Dec 2026 10:00:00 +0900\" \"=?UTF-8?B?44GT44KT44Gr44Gh44Gv?=\" " +
            "((\"=?utf-8?b?5bGx55Sw?=\" NIL \"yamada\" \"example.jp\")) ((\"=?utf-8?b?5bGx55Sw?=\" NIL \"yamada\" \"example.jp\")) " +
            "((\"=?utf-8?b?5bGx55Sw?=\" NIL \"yamada\" \"example.jp\")) " +
            "((NIL NIL \"alice\" \"example.test\")(NIL NIL \"Team\" NIL)(NIL NIL \"bob\" \"example.test\")(NIL NIL NIL NIL)) NIL NIL NIL \"<m1@example.jp>\")",
            EnvelopeWriter.Write(Content.Message));
    }

    [Fact]
    public void A_single_part_message_has_part_1_as_its_body()
    {
        var single = MessageContent.FromBytes("Subject: x\r\n\r\nhello\r\nworld\r\n"u8.ToArray());
        var item = FetchRequest.Parse(new ImapParser("BODY[1]<2.3>"u8.ToArray())).Single();
        Assert.Equal("hello\r\nworld\r\n", Encoding.ASCII.GetString(SectionReader.Read(single, item.Section!)));
        Assert.Equal("BODY[1]<2>", item.Section!.ResponseName());
        Assert.Equal("(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 14 2)", BodyStructureWriter.Write(single, extensions: false));
    }

    [Fact]
    public void An_attached_message_has_its_own_header_text_and_parts()
    {
        var forwarded = MessageContent.FromBytes(Encoding.ASCII.GetBytes(
            "Subject: fwd\r\nContent-Type: multipart/mixed; boundary=\"o\"\r\n\r\n" +
            "--o\r\nContent-Type: text/plain\r\n\r\nsee below\r\n" +
            "--o\r\nContent-Type: message/rfc822\r\n\r\n" +
            "Subject: inner\r\nFrom: x@example.org\r\n\r\ninner body\r\n" +
            "--o--\r\n"));
        string Read(string spec) => Encoding.ASCII.GetString(SectionReader.Read(forwarded,
            FetchRequest.Parse(new ImapParser(Encoding.ASCII.GetBytes($"BODY[{spec}]"))).Single().Section!));

        Assert.Equal("Subject: inner\r\nFrom: x@example.org\r\n\r\ninner body", Read("2"));
        Assert.Equal("Subject: inner\r\nFrom: x@example.org\r\n\r\n", Read("2.HEADER"));
        Assert.Equal("inner body", Read("2.TEXT"));
        Assert.Equal("inner body", Read("2.1"));
        Assert.Equal(
            "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 9 1)" +
            "(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 49 (NIL \"inner\" ((NIL NIL \"x\" \"example.org\")) ((NIL NIL \"x\" \"example.org\")) ((NIL NIL \"x\" \"example.org\")) NIL NIL NIL NIL NIL) " +
            "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 10 1) 4) \"mixed\")",
            BodyStructureWriter.Write(forwarded, extensions: false));
    }
}
