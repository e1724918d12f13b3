using System.Text;
using Mizugiwa.Content.Urls;

namespace Mizugiwa.Content.Tests.Urls;

public sealed class UrlExtractorTests
{
    [Fact]
    public void Plain_text_urls_and_www_forms_are_found_without_trailing_punctuation()
    {
        var found = UrlExtractor.FromText("See http://example.com/a, (https://b.example/x_(y)) and www.c.example. Or ftp://d.example/f; not mail@www.e.example");
        Assert.Equal(["http://example.com/a", "https://b.example/x_(y)", "www.c.example", "ftp://d.example/f"], found.Select(f => f.Original));
        Assert.Equal("www.c.example", found[2].Host);
    }

    [Fact]
    public void Html_href_src_and_action_are_read_with_entities_decoded_and_link_text()
    {
        var found = UrlExtractor.FromHtml(
            "<a href=\"http://example.com/?a=1&amp;b=2\">Click <b>here</b></a>" +
            "<img src='http://img.example/p.png'><form action=\"https://form.example/post\"></form>" +
            "<area href=\"http://&#101;vil.example/\" alt=\"map\"><a href=\"mailto:x@example.com\">mail</a><a href=\"/relative\">r</a>");
        Assert.Equal(["example.com", "img.example", "form.example", "evil.example"], found.Select(f => f.Host));
        Assert.Equal("http://example.com/?a=1&b=2", found[0].Original);
        Assert.Equal("Click here", found[0].LinkText);
        Assert.Null(found[1].LinkText);
    }

    [Fact]
    public void A_message_gives_the_urls_of_its_plain_and_html_parts()
    {
        var raw = "Content-Type: multipart/alternative; boundary=b\r\n\r\n" +
            "--b\r\nContent-Type: text/plain\r\n\r\nGo to http://plain.example/\r\n" +
            "--b\r\nContent-Type: text/html\r\n\r\n<a href=\"http://html.example/\">www.shown.example</a>\r\n--b--\r\n";
        var message = ContentMessageReader.Read(Encoding.ASCII.GetBytes(raw), new ContentEnvelope(null, null, null, "", []));
        var found = UrlExtractor.Extract(message.Parts);
        Assert.Equal(["plain.example", "html.example", "www.shown.example"], found.Select(f => f.Host));
        Assert.Equal("www.shown.example", found[1].LinkText);
    }

    [Fact]
    public void A_message_is_read_for_urls_once_and_every_reader_gets_the_same_list()
    {
        var raw = "Content-Type: text/plain\r\n\r\nGo to http://plain.example/ and http://other.example/\r\n";
        var message = ContentMessageReader.Read(Encoding.ASCII.GetBytes(raw), new ContentEnvelope(null, null, null, "", []));
        var first = UrlExtractor.Extract(message);
        Assert.Equal(["plain.example", "other.example"], first.Select(f => f.Host));
        Assert.Same(first, UrlExtractor.Extract(message));
        Assert.Equal(["http://plain.example/", "http://other.example/"], ExtractedUrlSource.Instance.Urls(message));
    }

    [Fact]
    public void The_number_of_urls_is_bounded()
    {
        var text = string.Join(' ', Enumerable.Range(0, 50).Select(i => $"http://h{i}.example/"));
        Assert.Equal(10, UrlExtractor.FromText(text, maxUrls: 10).Count);
    }

    [Theory]
    [InlineData("www.paypal.com", "www.paypal.com")]
    [InlineData("https://PayPal.com/login", "paypal.com")]
    [InlineData("Visit paypal.com", null)]
    [InlineData("paypal.com", "paypal.com")]
    [InlineData("Click here", null)]
    [InlineData("version 1.2", null)]
    public void Link_text_names_a_host_only_when_it_reads_as_one(string text, string? host) =>
        Assert.Equal(host, LinkTextHost.Find(text));

    [Theory]
    [InlineData("www.example.co.jp", "example.co.jp")]
    [InlineData("a.b.example.com", "example.com")]
    [InlineData("example.com", "example.com")]
    [InlineData("localhost", "localhost")]
    public void The_naive_registered_domain_takes_the_last_labels(string host, string registered) =>
        Assert.Equal(registered, LastLabelsRegistrableDomain.Instance.Of(host));

    [Fact]
    public void The_local_list_matches_a_domain_and_its_subdomains_and_skips_comments()
    {
        var list = new LocalDomainList(["# spam domains", "bad.example  # seen in March", "", "OTHER.example."]);
        Assert.Equal(2, list.Count);
        Assert.Equal("bad.example", list.Match("www.bad.example"));
        Assert.Equal("other.example", list.Match("other.example"));
        Assert.Null(list.Match("notbad.example"));
    }
}
