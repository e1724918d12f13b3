using Mizugiwa.Content.Bayes;

namespace Mizugiwa.Content.Tests.Bayes;

public sealed class BayesTokenizerTests
{
    [Fact]
    public void An_iso_2022_jp_message_gives_bigrams_of_its_body_and_subject()
    {
        var tokens = BayesTokenizer.Tokenize(BayesMessages.Japanese("迷惑メール", "迷惑メールです")).Tokens;

        Assert.Subset(tokens.ToHashSet(), new HashSet<string> { "迷惑", "惑メ", "メー", "ール", "ルで", "です" });
        Assert.Subset(tokens.ToHashSet(), new HashSet<string> { "subject:迷惑", "subject:惑メ", "subject:メー", "subject:ール" });
        Assert.Contains("from:name:山田", tokens);
        Assert.Contains("charset:iso-2022-jp", tokens);
        Assert.Contains("from:domain:mail.example.co.jp", tokens);
        Assert.Contains("from:domain:example.co.jp", tokens);
    }

    [Fact]
    public void An_iso_2022_jp_body_with_a_link_gives_cjk_bigrams_and_the_pieces_of_the_link()
    {
        var tokens = BayesTokenizer.Tokenize(BayesMessages.Japanese("出会い", "今すぐ登録 http://deai.example.jp/touroku 無料")).Tokens.ToHashSet();

        Assert.Subset(tokens, new HashSet<string> { "今す", "すぐ", "ぐ登", "登録", "無料", "subject:出会", "subject:会い" });
        Assert.Subset(tokens, new HashSet<string> { "http://deai.example.jp/touroku", "deai", "example", "touroku", "url:deai.example.jp" });
        Assert.DoesNotContain(tokens, t => t.Contains("\u001b", StringComparison.Ordinal) || t.Contains("$B", StringComparison.Ordinal));
    }

    [Fact]
    public void Half_width_katakana_in_a_shift_jis_body_is_learned_as_full_width()
    {
        var sjis = System.Text.Encoding.GetEncoding("shift_jis");
        var message = BayesMessages.Read("Subject: x\r\nContent-Type: text/plain; charset=shift_jis\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
            System.Text.Encoding.Latin1.GetString(sjis.GetBytes("ﾒｰﾙ")) + "\r\n");

        Assert.Subset(BayesTokenizer.Tokenize(message).Tokens.ToHashSet(), new HashSet<string> { "メー", "ール" });
    }

    [Fact]
    public void Link_hosts_content_types_attachments_and_x_mailer_are_tokens()
    {
        var message = BayesMessages.Read(
            "From: \"Best Deals\" <deals@news.shop.example>\r\nSubject: Offer\r\nX-Mailer: Bulk Sender 5.0\r\n" +
            "Content-Type: multipart/mixed; boundary=a\r\n\r\n" +
            "--a\r\nContent-Type: text/html\r\n\r\n<p>Visit <a href=\"http://www.cheap.example.com/buy?x=1\">here</a> or www.other.example.co.uk today</p>\r\n" +
            "--a\r\nContent-Type: application/zip; name=\"invoice.ZIP\"\r\nContent-Disposition: attachment; filename=\"invoice.ZIP\"\r\n\r\nPK\r\n--a--\r\n");

        var tokens = BayesTokenizer.Tokenize(message).Tokens;

        foreach (var expected in new[]
        {
            "visit", "today", "subject:offer", "from:name:best", "from:name:deals", "from:domain:news.shop.example", "from:domain:shop.example",
            "url:www.cheap.example.com", "url:example.com", "url:www.other.example.co.uk", "url:example.co.uk",
            "ct:multipart/mixed", "part:text/html", "part:application/zip", "attach:type:application/zip", "attach:ext:zip",
            "x-mailer:bulk", "x-mailer:sender",
        })
            Assert.Contains(expected, tokens);
        Assert.DoesNotContain(tokens, t => t.Contains("href", StringComparison.Ordinal));
    }

    [Fact]
    public void The_words_of_an_html_links_target_are_tokens_though_the_reader_does_not_see_them()
    {
        var message = BayesMessages.Read(
            "Subject: s\r\nContent-Type: text/html\r\n\r\n<p><a href=\"http://www.cheap-pills.example/order-now.html\">here</a> or <A HREF=members/join>there</A></p>\r\n");

        var tokens = BayesTokenizer.Tokenize(message).Tokens.ToHashSet();

        Assert.Subset(tokens, new HashSet<string> { "here", "there", "skip:h:40", "cheap", "pills", "order", "now", "html", "members/join", "members", "join" });
        Assert.DoesNotContain("href", tokens);
    }

    [Fact]
    public void Transport_and_mailing_list_headers_give_no_tokens()
    {
        var message = BayesMessages.Read(
            "Received: from relay.lists.example by mx.example; Thu, 22 Aug 2002 13:17:22 +0000\r\n" +
            "List-Id: <zorkmid-talk.lists.example>\r\nList-Unsubscribe: <mailto:leave@lists.example>\r\n" +
            "Message-ID: <quuxbarbaz@relay.example>\r\nDate: Thu, 22 Aug 2002 13:17:22 +0000\r\nPrecedence: bulk\r\n" +
            "Subject: hello\r\n\r\nbody words\r\n");

        var tokens = BayesTokenizer.Tokenize(message).Tokens;

        Assert.Equal(new HashSet<string> { "subject:hello", "body", "words", "from:none", "ct:text/plain", "part:text/plain" }, tokens.ToHashSet());
    }

    [Fact]
    public void Tokens_are_distinct_and_the_digest_ignores_headers_added_on_the_way()
    {
        var raw = "Message-ID: <one@example.com>\r\nSubject: s\r\n\r\nsame same same words\r\n";
        var first = BayesTokenizer.Tokenize(BayesMessages.Read(raw));
        var relayed = BayesTokenizer.Tokenize(BayesMessages.Read("Received: from a by b; Thu, 22 Aug 2002 13:17:22 +0000\r\nX-Spam-Status: No\r\n" + raw));
        var other = BayesTokenizer.Tokenize(BayesMessages.Read(raw.Replace("one@", "two@", StringComparison.Ordinal)));

        Assert.Single(first.Tokens, "same");
        Assert.Equal(first.Tokens.Count, first.Hashes.Count);
        Assert.Equal(first.Digest, relayed.Digest);
        Assert.NotEqual(first.Digest, other.Digest);
    }
}
