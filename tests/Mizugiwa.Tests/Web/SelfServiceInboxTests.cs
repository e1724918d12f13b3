using Mizugiwa.Web;

namespace Mizugiwa.Tests.Web;

/// <summary>"Spam" and "not spam" move a message's file between INBOX and Junk; its IMAP keyword letters stay behind.</summary>
public sealed class SelfServiceInboxTests
{
    [Theory]
    [InlineData("1700000000.M1P1Q1.host:2,RSab", "1700000000.M1P1Q1.host:2,RS")]
    [InlineData("1700000000.M1P1Q1.host,S=42:2,PTz,W=44", "1700000000.M1P1Q1.host,S=42:2,PT,W=44")]
    [InlineData("1700000000.M1P1Q1.host:2,", "1700000000.M1P1Q1.host:2,")]
    [InlineData("1700000000.M1P1Q1.host", "1700000000.M1P1Q1.host")]
    public void A_moved_message_leaves_its_keyword_letters_behind(string name, string moved) =>
        Assert.Equal(moved, SelfServiceInbox.WithoutKeywords(name));
}
