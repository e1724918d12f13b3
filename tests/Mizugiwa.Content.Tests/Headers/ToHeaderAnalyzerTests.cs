using Mizugiwa.Content.Headers;

namespace Mizugiwa.Content.Tests.Headers;

public sealed class ToHeaderAnalyzerTests
{
    private static readonly ToHeaderAnalyzer Analyzer = new();

    [Fact]
    public void No_to_and_no_cc_fires_TO_MISSING() =>
        Assert.Equal([ToHeaderAnalyzer.Missing], new TestMail().Remove("To").Symbols(Analyzer));

    [Fact]
    public void Cc_without_to_is_not_missing() =>
        Assert.Empty(new TestMail().Remove("To").Add("Cc", "bob@example.net").Symbols(Analyzer));

    [Theory]
    [InlineData("undisclosed-recipients:;")]
    [InlineData("Undisclosed Recipients <nobody@example.org>")]
    [InlineData("Recipient List Suppressed:;")]
    public void Hidden_recipients_fire_TO_UNDISCLOSED(string to) =>
        Assert.Equal([ToHeaderAnalyzer.Undisclosed], new TestMail().Set("To", to).Symbols(Analyzer));

    [Fact]
    public void A_group_with_named_members_is_fine() =>
        Assert.Empty(new TestMail().Set("To", "Team: bob@example.net, carol@example.net;").Symbols(Analyzer));
}
