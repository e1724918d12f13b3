using Mizugiwa.Content.Headers;

namespace Mizugiwa.Content.Tests.Headers;

public sealed class SenderConsistencyAnalyzerTests
{
    private static readonly SenderConsistencyAnalyzer Analyzer = new();

    private static readonly ContentEnvelope NullSender = new(null, null, null, "", []);

    private static string Words(string prefix, int count) => string.Join(' ', Enumerable.Range(0, count).Select(i => $"{prefix}{(char)('a' + i % 26)}{(char)('a' + i / 26)}"));

    [Fact]
    public void Links_mostly_at_the_from_domain_fire_SENDER_LINKS_MOSTLY_OWN() =>
        Assert.Contains(SenderConsistencyAnalyzer.LinksMostlyOwn, new TestMail()
            .Set("From", "News <news@example.org>")
            .WithBody("text/plain", "Read more at http://www.example.org/story/1 and http://shop.example.org/deal\r\nPartner: http://www.partner-site.net/\r\n")
            .Symbols(Analyzer, NullSender));

    [Fact]
    public void Links_to_a_tracker_naming_the_organisation_belong_to_it() =>
        Assert.Contains(SenderConsistencyAnalyzer.LinksMostlyOwn, new TestMail()
            .Set("From", "news@example.org")
            .WithBody("text/plain", "http://example.clicks-tracker.net/r/1 http://example.clicks-tracker.net/r/2\r\n")
            .Symbols(Analyzer, NullSender));

    [Fact]
    public void Links_elsewhere_than_the_from_domain_fire_no_link_symbol()
    {
        var symbols = new TestMail()
            .Set("From", "Deals <deals@example.org>")
            .WithBody("text/plain", "Buy now: http://cheap-pills.biz/buy and http://203.0.113.5/x\r\n")
            .Symbols(Analyzer, NullSender);
        Assert.DoesNotContain(SenderConsistencyAnalyzer.LinksMostlyOwn, symbols);
        Assert.DoesNotContain(SenderConsistencyAnalyzer.LinksSomeOwn, symbols);
    }

    [Fact]
    public void One_own_link_among_many_is_some_but_not_most()
    {
        var symbols = new TestMail()
            .Set("From", "deals@example.org")
            .WithBody("text/plain", "http://www.example.org/ http://a.first-site.com/ http://b.second-site.net/ http://c.third-site.info/\r\n")
            .Symbols(Analyzer, NullSender);
        Assert.Contains(SenderConsistencyAnalyzer.LinksSomeOwn, symbols);
        Assert.DoesNotContain(SenderConsistencyAnalyzer.LinksMostlyOwn, symbols);
    }

    [Fact]
    public void An_unsubscribe_link_at_the_from_domain_fires_SENDER_UNSUBSCRIBE_OWN() =>
        Assert.Contains(SenderConsistencyAnalyzer.UnsubscribeOwn, new TestMail()
            .Set("From", "news@example.org")
            .WithBody("text/html", "<p>Hello</p><a href=\"http://lists.example.org/u?id=5\">Unsubscribe</a>")
            .Symbols(Analyzer, NullSender));

    [Fact]
    public void An_unsubscribe_address_at_the_from_domain_fires_SENDER_UNSUBSCRIBE_OWN() =>
        Assert.Contains(SenderConsistencyAnalyzer.UnsubscribeOwn, new TestMail()
            .Set("From", "news@example.org")
            .WithBody("text/plain", "To unsubscribe, write to leave-news@lists.example.org.\r\n")
            .Symbols(Analyzer, NullSender));

    [Fact]
    public void A_removal_address_at_another_domain_is_not_the_senders() =>
        Assert.DoesNotContain(SenderConsistencyAnalyzer.UnsubscribeOwn, new TestMail()
            .Set("From", "news@example.org")
            .WithBody("text/plain", "To be removed from our list, email remove@example.com.\r\n")
            .Symbols(Analyzer, NullSender));

    [Fact]
    public void Reply_to_and_envelope_sender_at_the_from_domain_fire_SENDER_ADDRESSES_AGREE() =>
        Assert.Contains(SenderConsistencyAnalyzer.AddressesAgree, new TestMail()
            .Set("From", "news@example.org")
            .Set("Reply-To", "editor@mail.example.org")
            .Symbols(Analyzer, new ContentEnvelope(null, null, null, "bounces@example.org", [])));

    [Fact]
    public void Return_path_stands_for_the_envelope_sender_when_there_is_none() =>
        Assert.Contains(SenderConsistencyAnalyzer.AddressesAgree, new TestMail()
            .Set("From", "news@example.org")
            .Set("Return-Path", "<bounces@example.org>")
            .Symbols(Analyzer, NullSender));

    [Theory]
    [InlineData("Reply-To", "orders@example.com")]
    [InlineData("Sender", "someone@example.net")]
    public void A_reply_to_or_sender_at_another_domain_is_not_consistent(string field, string address) =>
        Assert.DoesNotContain(SenderConsistencyAnalyzer.AddressesAgree, new TestMail()
            .Set("From", "news@example.org")
            .Set(field, address)
            .Symbols(Analyzer, new ContentEnvelope(null, null, null, "bounces@example.org", [])));

    [Fact]
    public void No_address_beside_the_from_says_nothing() =>
        Assert.DoesNotContain(SenderConsistencyAnalyzer.AddressesAgree, new TestMail().Set("From", "news@example.org").Symbols(Analyzer, NullSender));

    [Fact]
    public void Text_and_html_alternatives_with_the_same_words_fire_TEXT_HTML_AGREE()
    {
        var words = Words("word", 40);
        Assert.Contains(SenderConsistencyAnalyzer.TextHtmlAgree, Alternative(words, $"<html><body><p>{words}</p></body></html>").Symbols(Analyzer, NullSender));
    }

    [Fact]
    public void Text_and_html_alternatives_that_differ_do_not_agree() =>
        Assert.DoesNotContain(SenderConsistencyAnalyzer.TextHtmlAgree,
            Alternative(Words("plain", 40), $"<html><body><p>{Words("other", 40)}</p></body></html>").Symbols(Analyzer, NullSender));

    private static TestMail Alternative(string text, string html) => new TestMail().WithBody("multipart/alternative; boundary=\"b\"",
        $"--b\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n{text}\r\n--b\r\nContent-Type: text/html; charset=us-ascii\r\n\r\n{html}\r\n--b--\r\n");
}
