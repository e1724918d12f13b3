using Mizugiwa.Content.Headers;

namespace Mizugiwa.Content.Tests.Headers;

public sealed class MessageIdAnalyzerTests
{
    private static readonly MessageIdAnalyzer Analyzer = new();

    [Fact]
    public void Missing_message_id_fires_MSGID_MISSING() =>
        Assert.Equal([MessageIdAnalyzer.Missing], new TestMail().Remove("Message-ID").Symbols(Analyzer));

    [Theory]
    [InlineData("20261204.1234@mail.example.org")]
    [InlineData("<no-at-sign.example.org>")]
    [InlineData("<a@b@example.org>")]
    [InlineData("")]
    public void Malformed_message_id_fires_MSGID_MALFORMED(string id) =>
        Assert.Equal([MessageIdAnalyzer.Malformed], new TestMail().Set("Message-ID", id).Symbols(Analyzer));

    [Theory]
    [InlineData("<abc@12345>")]
    [InlineData("<abc@host!name>")]
    [InlineData("<abc@-bad-.example>")]
    public void A_right_side_that_is_no_host_fires_MSGID_NOT_A_HOST(string id) =>
        Assert.Equal([MessageIdAnalyzer.NotAHost], new TestMail().Set("Message-ID", id).Symbols(Analyzer));

    [Theory]
    [InlineData("<p04330137b98a941c58a8@[209.202.248.109]>")]
    [InlineData("<5.1.0.14.0.20020829172833.032e1350@127.0.0.1>")]
    [InlineData("<000801c2@JMHALL>")]
    [InlineData("<abc@my_pc.example.com>")]
    [InlineData("<\"quoted id\"@mail.example.org>")]
    public void Ip_literals_and_lan_names_seen_in_real_mail_are_accepted(string id) =>
        Assert.Empty(new TestMail().Set("Message-ID", id).Symbols(Analyzer));
}
