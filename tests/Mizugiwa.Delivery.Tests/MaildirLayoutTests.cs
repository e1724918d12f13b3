using Mizugiwa.Mailbox;

namespace Mizugiwa.Delivery.Tests;

public sealed class MaildirLayoutTests
{
    [Theory]
    [InlineData("alice@example.test", "example.test/alice")]
    [InlineData("Alice.Smith@Example.TEST", "example.test/alice.smith")]
    [InlineData("postmaster", "postmaster")]
    [InlineData("PostMaster", "postmaster")]
    [InlineData("a/b@example.test", "example.test/a%2Fb")]
    [InlineData("..@example.test", "example.test/%2E.")]
    [InlineData(".hidden@example.test", "example.test/%2Ehidden")]
    [InlineData("100%@example.test", "example.test/100%25")]
    [InlineData("nul\0@example.test", "example.test/nul%00")]
    [InlineData("jörg@example.test", "example.test/j%C3%B6rg")]
    [InlineData("x+tag@example.test", "example.test/x+tag")]
    public void Maps_mailbox_to_a_safe_path(string mailbox, string expected) =>
        Assert.Equal(Path.Combine("/mail", expected), MaildirLayout.PathFor("/mail", mailbox));

    [Theory]
    [InlineData("alice")]
    [InlineData("@example.test")]
    [InlineData("alice@")]
    [InlineData("alice@../etc")]
    [InlineData("alice@a/b")]
    public void Rejects_what_is_not_a_mailbox(string mailbox) =>
        Assert.Throws<ArgumentException>(() => MaildirLayout.PathFor("/mail", mailbox));
}
