using System.Text;
using Mizugiwa.Content.Rules;
using Mizugiwa.Content.Tests.Headers;

namespace Mizugiwa.Content.Tests.Rules;

public sealed class DefaultRulesTests
{
    private static readonly RuleSet Default = RuleSet.LoadDefault();
    private static readonly RuleAnalyzer Analyzer = new(Default);

    [Fact]
    public void The_shipped_rule_file_loads_with_moderate_described_rules()
    {
        Assert.InRange(Default.Rules.Count, 40, 80);
        Assert.All(Default.Rules, r =>
        {
            Assert.InRange(r.Score, 0.5, 2.5);
            Assert.False(string.IsNullOrWhiteSpace(r.Description), r.Name);
            Assert.StartsWith("default.rules:", r.Source, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void An_ordinary_message_fires_no_default_rule()
    {
        var mail = new TestMail().WithBody("text/plain; charset=utf-8",
            Utf8("Hi Bob,\r\nthe minutes are at https://wiki.example.org/minutes and the budget is $1,200.\r\n" +
                 "来週の会議は火曜日です。よろしくお願いします。\r\n"));
        Assert.Empty(mail.Symbols(Analyzer));
    }

    public static TheoryData<string, string, string> Samples => new()
    {
        { "JA_SUBJECT_MISHOUDAKU", "Subject", "未承諾広告※新商品のご案内" },
        { "JA_BODY_MISHOUDAKU", "body", "このメールは未承諾広告です" },
        { "JA_SUBJECT_DEAIKEI", "Subject", "人妻との素敵な時間" },
        { "JA_BODY_DEAIKEI", "body", "完全無料で出会える出会い系サイト" },
        { "JA_BODY_MUSEISEI", "body", "無修正の動画を公開中" },
        { "JA_BODY_EASY_MONEY", "body", "誰でも簡単に月収100万円を稼げる方法" },
        { "JA_BODY_LOAN", "body", "即日融資、ブラックOKです" },
        { "JA_BODY_UNSUBSCRIBE", "body", "配信停止をご希望の方はこちら" },
        { "JA_FROM_NAME_MONEY", "From", "賞金当選通知事務局" },
        { "SUBJECT_VIAGRA", "Subject", "Cheap V1agra here" },
        { "BODY_VIAGRA", "body", "Buy viagra online today" },
        { "BODY_NO_PRESCRIPTION", "body", "No prescription needed for any order" },
        { "BODY_ENLARGE", "body", "The best penis enlargement pills" },
        { "BODY_WEIGHT_LOSS", "body", "Lose up to 30 pounds in 30 days" },
        { "BODY_ADULT_SITE", "body", "Thousands of hardcore movies" },
        { "BODY_CASINO", "body", "Play at our Online Casino" },
        { "BODY_LOTTERY_WINNER", "body", "Congratulations, you have won the international draw" },
        { "BODY_NIGERIAN", "body", "the transfer of the sum of 25.5 million US dollars" },
        { "BODY_STRICTLY_CONFIDENTIAL", "body", "This is strictly confidential. I propose a business deal" },
        { "BODY_MLM", "body", "You can earn $5,000 a week from your kitchen table" },
        { "BODY_WORK_FROM_HOME", "body", "Work from home and earn extra income" },
        { "BODY_MORTGAGE_RATE", "body", "Refinance now at the lowest interest rates" },
        { "BODY_DEBT_CONSOLIDATE", "body", "Consolidate your debts into one payment" },
        { "BODY_NO_COST", "body", "It is 100% FREE to join" },
        { "BODY_RISK_FREE", "body", "Try it risk-free for 30 days" },
        { "BODY_CREDIT_CARDS_OK", "body", "We accept all major credit cards" },
        { "BODY_GUARANTEED", "body", "Results guaranteed or your money back" },
        { "BODY_NO_OBLIGATION", "body", "There is no obligation to buy" },
        { "BODY_FREE_QUOTE", "body", "Get your free quote in minutes" },
        { "BODY_CALL_NOW", "body", "Call toll-free 1-800-555-0100" },
        { "BODY_EXTRA_INCOME", "body", "Make an extra income in your spare time" },
        { "BODY_HOME_BUSINESS", "body", "Start a home-based business today" },
        { "BODY_BULK_EMAIL", "body", "Send to 10 million email addresses with our bulk emailer" },
        { "BODY_CREDIT_REPAIR", "body", "Bad credit? We fix it" },
        { "BODY_ADDRESS_OBTAINED", "body", "Your email address was obtained from an opt-in list" },
        { "BODY_ONE_TIME_MAILING", "body", "This is a one-time mailing" },
        { "BODY_AS_SEEN_ON", "body", "As seen on TV!" },
        { "SUBJECT_TRAILING_TAG", "Subject", "Lower your payments          29384" },
        { "SUBJECT_DOLLARS", "Subject", "Make $10,000 by Friday" },
        { "SUBJECT_FREE", "Subject", "Your free gift is waiting" },
        { "BODY_CLICK_HERE", "body", "Click here to see more" },
        { "BODY_ACT_NOW", "body", "Limited time offer, act now" },
        { "BODY_REMOVE_LIST", "body", "To be removed from this list, reply with REMOVE" },
        { "BODY_NOT_SPAM", "body", "This is not spam: you signed up" },
        { "BODY_OPT_IN_CLAIM", "body", "You are receiving this email because you opted in" },
        { "BODY_DEAR_FRIEND", "body", "Dear Friend,\r\nI have a proposal" },
        { "SUBJECT_URGENT", "Subject", "URGENT BUSINESS PROPOSAL" },
        { "SUBJECT_ADV", "Subject", "ADV: Lowest prices" },
        { "BODY_VERIFY_ACCOUNT", "body", "Please verify your account within 24 hours" },
        { "BODY_ACCOUNT_SUSPEND", "body", "Your account has been suspended" },
        { "FROM_NUMERIC_LOCAL", "From", "<2938475@example.com>" },
        { "TO_GENERIC_NAME", "To", "Friend <bob@example.net>" },
        { "RAW_BASE64_EXE", "exe", "" },
        { "RAW_HTML_HIDDEN_TEXT", "html", "<p>Hi</p><font color=\"#ffffff\">mortgage casino lottery words for filters</font>" },
        { "URI_SHORTENER", "body", "Details: http://bit.ly/3xYz" },
        { "URI_EXECUTABLE", "body", "Get it at http://downloads.example/setup.exe" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Each_default_rule_fires_on_its_sample(string rule, string where, string sample) =>
        Assert.Contains(rule, Mail(where, sample).Symbols(Analyzer));

    [Fact]
    public void Every_default_rule_has_a_sample() =>
        Assert.Equal(Default.Rules.Select(r => r.Name).Order(), Samples.Select(s => (string)s[0]).Order());

    [Theory]
    [InlineData("Subject", "Viagraph charting tool 2.0")]
    [InlineData("Subject", "Free software meeting")]
    [InlineData("Subject", "出会いの季節")]
    [InlineData("body", "Our mortgage was approved last year, rates were OK.")]
    [InlineData("body", "Double-click the icon here to open it.")]
    [InlineData("body", "See http://example.com/downloads/readme.txt and http://www.example.com")]
    [InlineData("From", "<bob2002@example.com>")]
    [InlineData("Subject", "Re: [Patch] fix the    build")]
    [InlineData("body", "We guaranteed delivery by Friday; call now if it is late.")]
    [InlineData("body", "Our credit union sent the report; the quote was free of errors.")]
    public void Near_misses_do_not_fire(string where, string sample)
    {
        var fired = Mail(where, sample).Symbols(Analyzer);
        Assert.DoesNotContain(fired, s => s is "SUBJECT_VIAGRA" or "SUBJECT_FREE" or "JA_SUBJECT_DEAIKEI" or "BODY_MORTGAGE_RATE"
            or "BODY_CLICK_HERE" or "URI_EXECUTABLE" or "FROM_NUMERIC_LOCAL" or "SUBJECT_TRAILING_TAG" or "BODY_GUARANTEED"
            or "BODY_CREDIT_REPAIR" or "BODY_FREE_QUOTE");
    }

    private static TestMail Mail(string where, string sample) => where switch
    {
        "Subject" => new TestMail().Set("Subject", Header(sample)),
        "From" => new TestMail().Set("From", sample.StartsWith('<') ? sample : $"{Header(sample)} <prize@example.com>"),
        "To" => new TestMail().Set("To", sample),
        "html" => new TestMail().WithBody("text/html; charset=utf-8", Utf8(sample) + "\r\n"),
        "exe" => new TestMail().WithBody("multipart/mixed; boundary=m",
            "--m\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--m\r\nContent-Type: application/octet-stream; name=a.exe\r\n" +
            "Content-Transfer-Encoding: base64\r\n\r\nTVqQAAMAAAAEAAAA//8AALgAAAA=\r\n--m--\r\n"),
        _ => new TestMail().WithBody("text/plain; charset=utf-8", Utf8(sample) + "\r\n").Set("Content-Transfer-Encoding", "8bit"),
    };

    private static string Header(string text) =>
        text.All(char.IsAscii) ? text : "=?UTF-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) + "?=";

    private static string Utf8(string text) => Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(text));
}
