using Mizugiwa.Policy.Access;

namespace Mizugiwa.Policy.Tests.Access;

public sealed class AccessNamesTests
{
    [Theory]
    [InlineData("client", AccessKind.Client)]
    [InlineData("ClientName", AccessKind.ClientName)]
    [InlineData("client-name", AccessKind.ClientName)]
    [InlineData(" recipient ", AccessKind.Recipient)]
    public void Names_in_any_case_are_kinds(string text, AccessKind expected)
    {
        Assert.True(AccessNames.TryParseKind(text, out var kind));
        Assert.Equal(expected, kind);
    }

    [Theory]
    [InlineData("7")]
    [InlineData("-1")]
    [InlineData("client,sender")]
    [InlineData("planet")]
    [InlineData("")]
    public void Numbers_lists_and_other_words_are_not(string text) => Assert.False(AccessNames.TryParseKind(text, out _));

    [Fact]
    public void Actions_are_allow_and_deny_only()
    {
        Assert.True(AccessNames.TryParseAction("Deny", out var deny));
        Assert.Equal(AccessAction.Deny, deny);
        Assert.False(AccessNames.TryParseAction("allow,deny", out _));
        Assert.False(AccessNames.TryParseAction("0", out _));
        Assert.Equal("allow, deny", AccessNames.All<AccessAction>());
        Assert.Equal("clientname", AccessNames.Of(AccessKind.ClientName));
    }
}
