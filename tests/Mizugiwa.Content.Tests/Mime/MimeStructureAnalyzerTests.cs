using System.Text;
using Mizugiwa.Content.Mime;
using Mizugiwa.Content.Tests.Headers;

namespace Mizugiwa.Content.Tests.Mime;

public sealed class MimeStructureAnalyzerTests
{
    private static readonly MimeStructureAnalyzer Analyzer = new();

    private static IReadOnlyList<string> Analyze(TestMail mail, MimeLimits limits)
    {
        var message = ContentMessageReader.Read(mail.Octets(), new ContentEnvelope(null, null, null, "", []), limits);
        var report = new ContentReport();
        Analyzer.AnalyzeAsync(message, report, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return [.. report.Symbols.Select(s => s.Name)];
    }

    private static TestMail Nested(int depth)
    {
        var body = new StringBuilder();
        for (var i = 1; i < depth; i++) body.Append($"--b{i}\r\nContent-Type: multipart/mixed; boundary=b{i + 1}\r\n\r\n");
        body.Append($"--b{depth}\r\nContent-Type: text/plain\r\n\r\ndeep\r\n");
        for (var i = depth; i >= 1; i--) body.Append($"--b{i}--\r\n");
        return new TestMail().WithBody("multipart/mixed; boundary=b1", body.ToString());
    }

    [Fact]
    public void A_tree_cut_at_the_depth_limit_fires_MIME_DEPTH_LIMIT()
    {
        Assert.Equal([MimeStructureAnalyzer.DepthLimit], Analyze(Nested(6), new MimeLimits(MaxDepth: 4)));
        Assert.Empty(Analyze(Nested(6), MimeLimits.Default));
    }

    [Fact]
    public void A_tree_cut_at_the_part_limit_fires_MIME_PART_LIMIT()
    {
        var body = new StringBuilder();
        for (var i = 0; i < 10; i++) body.Append($"--p\r\nContent-Type: text/plain\r\n\r\npart {i}\r\n");
        body.Append("--p--\r\n");
        var mail = new TestMail().WithBody("multipart/mixed; boundary=p", body.ToString());
        Assert.Equal([MimeStructureAnalyzer.PartLimit], Analyze(mail, new MimeLimits(MaxParts: 5)));
        Assert.Empty(Analyze(mail, MimeLimits.Default));
    }

    [Fact]
    public void Html_without_a_plain_version_fires_MIME_HTML_ONLY() =>
        Assert.Equal([MimeStructureAnalyzer.HtmlOnly], new TestMail().WithBody("text/html; charset=us-ascii", "<p>Hello</p>\r\n").Symbols(Analyzer));

    [Fact]
    public void Plain_text_is_not_html_only() => Assert.Empty(new TestMail().Symbols(Analyzer));

    [Fact]
    public void Alternatives_saying_different_things_fire_MIME_ALTERNATIVE_MISMATCH()
    {
        var mail = Alternative(
            "Your mail program cannot display this message. Please use a modern viewer to read the newsletter of this week.",
            "<p>Cheap watches and replica handbags shipped worldwide, order today with discount code and get free shipping</p>");
        Assert.Equal([MimeStructureAnalyzer.AlternativeMismatch], mail.Symbols(Analyzer));
    }

    [Fact]
    public void Alternatives_saying_the_same_thing_are_fine_even_inside_multipart_related()
    {
        const string text = "The quarterly report is ready; the budget figures changed in section three and need review before Monday.";
        Assert.Empty(Alternative(text, $"<p>{text}</p>").Symbols(Analyzer));
        var related = new TestMail().WithBody("multipart/alternative; boundary=a",
            $"--a\r\nContent-Type: text/plain\r\n\r\n{text}\r\n" +
            $"--a\r\nContent-Type: multipart/related; boundary=r\r\n\r\n--r\r\nContent-Type: text/html\r\n\r\n<p>{text}</p><img src=cid:x>\r\n" +
            "--r\r\nContent-Type: image/png\r\nContent-ID: <x>\r\n\r\nPNG\r\n--r--\r\n--a--\r\n");
        Assert.Empty(related.Symbols(Analyzer));
    }

    [Fact]
    public void Short_alternatives_are_not_compared() =>
        Assert.Empty(Alternative("See the attached.", "<p>Hello there</p>").Symbols(Analyzer));

    [Fact]
    public void Attachment_with_no_words_fires_MIME_EMPTY_BODY_ATTACHMENT()
    {
        var attachmentOnly = new TestMail().WithBody("multipart/mixed; boundary=m",
            "--m\r\nContent-Type: text/plain\r\n\r\n  \r\n" +
            "--m\r\nContent-Type: application/zip; name=invoice.zip\r\nContent-Transfer-Encoding: base64\r\n\r\nUEsDBA==\r\n--m--\r\n");
        Assert.Equal([MimeStructureAnalyzer.EmptyBodyWithAttachment], attachmentOnly.Symbols(Analyzer));
        var withWords = new TestMail().WithBody("multipart/mixed; boundary=m",
            "--m\r\nContent-Type: text/plain\r\n\r\nThe invoice is attached.\r\n" +
            "--m\r\nContent-Type: application/zip; name=invoice.zip\r\nContent-Transfer-Encoding: base64\r\n\r\nUEsDBA==\r\n--m--\r\n");
        Assert.Empty(withWords.Symbols(Analyzer));
    }

    [Fact]
    public void Ascii_text_sent_as_base64_fires_MIME_BASE64_TEXT()
    {
        const string text = "Dear friend, this wonderful offer ends tonight, so reply now.";
        var encoded = new TestMail().WithBody("text/plain; charset=us-ascii", Convert.ToBase64String(Encoding.ASCII.GetBytes(text)) + "\r\n")
            .Set("Content-Transfer-Encoding", "base64");
        Assert.Equal([MimeStructureAnalyzer.Base64Text], encoded.Symbols(Analyzer));
    }

    [Theory]
    [InlineData("Grüße aus München, das Protokoll der Sitzung liegt im Anhang bei.")] // non-ASCII text: base64 is a fair choice
    [InlineData("Short note.")]                                                        // too short to judge
    public void Base64_for_non_ascii_or_short_text_is_fine(string text)
    {
        var encoded = new TestMail().WithBody("text/plain; charset=utf-8", Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) + "\r\n")
            .Set("Content-Transfer-Encoding", "base64");
        Assert.Empty(encoded.Symbols(Analyzer));
    }

    [Theory]
    [InlineData("garbage line without a colon\r\n\r\nbuy now\r\n", "garbage line without a colon\n\nbuy now")]
    [InlineData(" a continuation line first\r\nSubject: x\r\n\r\nbody\r\n", " a continuation line first\nSubject: x\n\nbody")]
    [InlineData("", "")]
    public async Task Octets_that_do_not_start_with_a_header_are_read_as_a_body_and_fire_MIME_HEADERS_UNREADABLE(string raw, string body)
    {
        var message = ContentMessageReader.Read(Encoding.ASCII.GetBytes(raw), new ContentEnvelope(null, null, null, "", []));
        var report = new ContentReport();
        await Analyzer.AnalyzeAsync(message, report, CancellationToken.None);

        Assert.True(message.HeadersUnreadable);
        Assert.Empty(message.Mime.Headers);
        Assert.Equal(body, (message.Mime.TextBody ?? "").TrimEnd('\r', '\n'));
        Assert.Contains(MimeStructureAnalyzer.HeadersUnreadable, report.Symbols.Select(s => s.Name));
    }

    [Fact]
    public void A_message_with_headers_is_not_marked_unreadable()
    {
        var message = ContentMessageReader.Read(new TestMail().Octets(), new ContentEnvelope(null, null, null, "", []));
        Assert.False(message.HeadersUnreadable);
        Assert.DoesNotContain(MimeStructureAnalyzer.HeadersUnreadable, new TestMail().Symbols(Analyzer));
    }

    private static TestMail Alternative(string plain, string html) =>
        new TestMail().WithBody("multipart/alternative; boundary=a",
            $"--a\r\nContent-Type: text/plain\r\n\r\n{plain}\r\n--a\r\nContent-Type: text/html\r\n\r\n{html}\r\n--a--\r\n");
}
