using System.Text;
using Microsoft.Extensions.Logging;
using Mizugiwa.Content.Rules;
using Mizugiwa.Content.Tests.Headers;
using Mizugiwa.Testing;

namespace Mizugiwa.Content.Tests.Rules;

public sealed class RuleAnalyzerTests
{
    private static IReadOnlyList<string> Run(string rules, TestMail mail, IUrlSource? urls = null) =>
        mail.Symbols(new RuleAnalyzer(RuleSet.Parse(rules, "t.rules"), urls));

    [Fact]
    public void A_header_rule_reads_the_decoded_value_of_its_field()
    {
        const string rules = "header SUBJECT_VIAGRA Subject =~ /v[i1]agra/i score 2.5 describe \"pills\"";
        Assert.Equal(["SUBJECT_VIAGRA"], Run(rules, new TestMail().Set("Subject", "=?utf-8?Q?Cheap_V1agra?=")));
        Assert.Empty(Run(rules, new TestMail()));
    }

    [Fact]
    public async Task The_symbol_carries_the_score_and_the_description()
    {
        var message = new TestMail().Set("Subject", "viagra").Read();
        var report = new ContentReport();
        await new RuleAnalyzer(RuleSet.Parse("header V Subject =~ /viagra/ score 2.5 describe \"pills\"", "t")).AnalyzeAsync(message, report, CancellationToken.None);
        Assert.Equal(new ContentSymbol("V", 2.5, "pills"), Assert.Single(report.Symbols));
    }

    [Fact]
    public void Address_and_name_selectors_read_the_mailboxes()
    {
        const string rules = "header FROM_NUMERIC From:addr =~ /^\\d+@/ score 1\nheader FROM_NAME_BANK From:name =~ /^Bank$/ score 1";
        Assert.Equal(["FROM_NUMERIC", "FROM_NAME_BANK"], Run(rules, new TestMail().Set("From", "Bank <123456@example.com>")));
        Assert.Empty(Run(rules, new TestMail().Set("From", "\"123456@example.com\" <bank@example.com>")));
    }

    [Fact]
    public void All_reads_every_field_as_name_colon_value_lines()
    {
        const string rules = "header HAS_X_SPAM ALL =~ /^X-Spam-Flag: YES$/m score 1";
        Assert.Equal(["HAS_X_SPAM"], Run(rules, new TestMail().Add("X-Spam-Flag", "YES")));
        Assert.Empty(Run(rules, new TestMail().Set("Subject", "X-Spam-Flag: YES")));
    }

    [Fact]
    public void Negation_fires_when_the_pattern_is_absent_and_on_a_missing_field()
    {
        const string rules = "header NO_MSGID Message-ID !~ /@/ score 1\nbody NO_GREETING !~ /\\bhello\\b/i score 0.5";
        Assert.Equal(["NO_MSGID", "NO_GREETING"], Run(rules, new TestMail().Remove("Message-ID")));
        Assert.Empty(Run(rules, new TestMail { Body = "Hello Bob\r\n" }));
    }

    [Fact]
    public void Body_rules_read_decoded_text_and_html_as_text_but_not_headers()
    {
        const string rules = "body BODY_CASINO /online casino/i score 1.5";
        var quotedPrintable = new TestMail().WithBody("text/plain; charset=us-ascii", "Play at our online=\r\n casino\r\n").Set("Content-Transfer-Encoding", "quoted-printable");
        Assert.Equal(["BODY_CASINO"], Run(rules, quotedPrintable));
        Assert.Equal(["BODY_CASINO"], Run(rules, new TestMail().WithBody("text/html", "<p>Online <b>Casino</b></p>\r\n")));
        Assert.Empty(Run(rules, new TestMail().Set("Subject", "online casino")));
    }

    [Fact]
    public void Rawbody_rules_read_the_octets_as_sent_and_body_rules_do_not()
    {
        var exe = Convert.ToBase64String([0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF]);
        var mail = new TestMail().WithBody("multipart/mixed; boundary=m",
            $"--m\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--m\r\nContent-Type: application/octet-stream; name=a.exe\r\nContent-Transfer-Encoding: base64\r\n\r\n{exe}\r\n--m--\r\n");
        const string rules = "rawbody RAW_BASE64_EXE /TVqQAAMAAAAEAAAA/ score 3\nbody BODY_BASE64_EXE /TVqQAAMAAAAEAAAA/ score 3";
        Assert.Equal(["RAW_BASE64_EXE"], Run(rules, mail));
        Assert.Empty(Run(rules, new TestMail()));
    }

    [Fact]
    public void Uri_rules_see_urls_in_text_and_html_links()
    {
        const string rules = "uri URI_SHORTENER /^https?:\\/\\/(bit\\.ly|tinyurl\\.com)\\//i score 0.8";
        Assert.Equal(["URI_SHORTENER"], Run(rules, new TestMail { Body = "Look: https://bit.ly/abc, now.\r\n" }));
        Assert.Equal(["URI_SHORTENER"], Run(rules, new TestMail().WithBody("text/html", "<a href='http://TinyURL.com/x?a=1&amp;b=2'>here</a>\r\n")));
        Assert.Empty(Run(rules, new TestMail { Body = "bit.ly is a shortener; see https://example.com/bit.ly/\r\n" }));
    }

    [Fact]
    public void Uri_rules_take_their_urls_from_the_plugged_source()
    {
        const string rules = "uri URI_EVIL /evil\\.example/ score 1";
        var source = new FixedUrls(["http://evil.example/"]);
        Assert.Equal(["URI_EVIL"], Run(rules, new TestMail(), source));
        Assert.Empty(Run(rules, new TestMail { Body = "http://evil.example/\r\n" }, new FixedUrls([])));
    }

    [Fact]
    public void Japanese_iso_2022_jp_subject_matches_as_encoded_word_and_as_raw_escapes()
    {
        const string rules = "header JA_SUBJECT_MISHOUDAKU Subject =~ /未承諾広告/ score 2.5";
        var octets = TestMail.Octets("未承諾広告※お得な情報", "iso-2022-jp");
        var encodedWord = "=?ISO-2022-JP?B?" + Convert.ToBase64String(Encoding.Latin1.GetBytes(octets)) + "?=";
        Assert.Equal(["JA_SUBJECT_MISHOUDAKU"], Run(rules, new TestMail().Set("Subject", encodedWord)));
        Assert.Equal(["JA_SUBJECT_MISHOUDAKU"], Run(rules, new TestMail().Set("Subject", octets)));
        Assert.Empty(Run(rules, new TestMail().Set("Subject", "=?ISO-2022-JP?B?" + Convert.ToBase64String(Encoding.Latin1.GetBytes(TestMail.Octets("会議の件", "iso-2022-jp"))) + "?=")));
    }

    [Theory]
    [InlineData("iso-2022-jp", "7bit")]
    [InlineData("shift_jis", "8bit")]
    [InlineData("euc-jp", "8bit")]
    public void Japanese_body_rules_match_text_decoded_from_its_charset(string charset, string transfer)
    {
        const string rules = "body JA_BODY_DEAIKEI /出会い系|無料で出会/ score 1.5";
        var spam = new TestMail().WithBody($"text/plain; charset={charset}", TestMail.Octets("完全無料で出会える！", charset) + "\r\n")
            .Set("Content-Transfer-Encoding", transfer);
        Assert.Equal(["JA_BODY_DEAIKEI"], Run(rules, spam));
        var ham = new TestMail().WithBody($"text/plain; charset={charset}", TestMail.Octets("来週の出張の件です。", charset) + "\r\n")
            .Set("Content-Transfer-Encoding", transfer);
        Assert.Empty(Run(rules, ham));
    }

    [Fact]
    public void Www_addresses_in_text_become_http_urls()
    {
        var urls = Mizugiwa.Content.Urls.ExtractedUrlSource.Instance.Urls(new TestMail { Body = "Visit www.example.com/offer! or (https://a.example/x).\r\n" }.Read());
        Assert.Equal(["http://www.example.com/offer", "https://a.example/x"], urls.Order());
    }

    [Fact]
    public void A_rule_that_times_out_adds_nothing_is_logged_and_the_others_still_run()
    {
        const string rules = "body SLOW /^(a+)+$/ score 5\nbody FAST /aaa/ score 1";
        var logger = new ListLogger<RuleAnalyzer>();
        // SLOW never finishes (exponential backtracking); the timeout is long enough that FAST
        // cannot run out of it on a loaded machine, where JIT alone can take tens of milliseconds.
        var analyzer = new RuleAnalyzer(RuleSet.Parse(rules, "slow.rules", TimeSpan.FromSeconds(1)), logger: logger);
        var mail = new TestMail { Body = new string('a', 5000) + "!\r\n" };
        Assert.Equal(["FAST"], mail.Symbols(analyzer));
        var (level, message) = Assert.Single(logger.Lines);
        Assert.Equal(LogLevel.Warning, level);
        Assert.Contains("SLOW (slow.rules:1) timed out", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_scan_stops()
    {
        var analyzer = new RuleAnalyzer(RuleSet.Parse("body A /a/ score 1", "t"));
        await Assert.ThrowsAsync<OperationCanceledException>(() =>
            analyzer.AnalyzeAsync(new TestMail().Read(), new ContentReport(), new CancellationToken(canceled: true)).AsTask());
    }

    private sealed class FixedUrls(IReadOnlyList<string> urls) : IUrlSource
    {
        public IEnumerable<string> Urls(ContentMessage message) => urls;
    }
}
