using Mizugiwa.Content.Headers;

namespace Mizugiwa.Content.Tests.Headers;

public sealed class ReplyToAnalyzerTests
{
    private static readonly ReplyToAnalyzer Analyzer = new();

    [Theory]
    [InlineData("claims.office@yahoo.co.jp")]
    [InlineData("Dr Smith <drsmith77@gmail.com>")]
    public void Replies_to_a_freemail_elsewhere_fire_REPLYTO_FREEMAIL_MISMATCH(string replyTo) =>
        Assert.Equal([ReplyToAnalyzer.FreemailMismatch], new TestMail().Set("Reply-To", replyTo).Symbols(Analyzer));

    [Theory]
    [InlineData("alice.private@example.org")]
    [InlineData("list@lists.example.com")]
    public void Replies_to_the_same_or_a_non_freemail_domain_are_fine(string replyTo) =>
        Assert.Empty(new TestMail().Set("Reply-To", replyTo).Symbols(Analyzer));

    [Fact]
    public void Freemail_sender_replying_to_itself_is_fine() =>
        Assert.Empty(new TestMail().Set("From", "alice@gmail.com").Set("Reply-To", "alice@gmail.com").Symbols(Analyzer));
}
