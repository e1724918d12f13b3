using Mizugiwa.Content.Headers;

namespace Mizugiwa.Content.Tests.Headers;

public sealed class FromHeaderAnalyzerTests
{
    private static readonly FromHeaderAnalyzer Analyzer = new();

    [Fact]
    public void Missing_from_fires_FROM_MISSING() =>
        Assert.Equal([FromHeaderAnalyzer.Missing], new TestMail().Remove("From").Symbols(Analyzer));

    [Fact]
    public void Two_from_fields_fire_FROM_MULTIPLE() =>
        Assert.Equal([FromHeaderAnalyzer.Multiple], new TestMail().Add("From", "carol@example.com").Symbols(Analyzer));

    [Theory]
    [InlineData("just some words")]
    [InlineData("<>")]
    [InlineData("alice@")]
    public void Unparseable_from_fires_FROM_UNPARSEABLE(string from) =>
        Assert.Equal([FromHeaderAnalyzer.Unparseable], new TestMail().Set("From", from).Symbols(Analyzer));

    [Theory]
    [InlineData("\"service@paypal.com\" <x12@evil.example>")]
    [InlineData("\"Bank (security@bank.example)\" <alerts@phish.example>")]
    public void Display_name_with_another_address_fires_FROM_NAME_FORGED_ADDRESS(string from) =>
        Assert.Equal([FromHeaderAnalyzer.NameForgesAddress], new TestMail().Set("From", from).Symbols(Analyzer));

    [Theory]
    [InlineData("\"alice@example.org\" <alice@example.org>")]
    [InlineData("\"ALICE@Example.org\" <alice@example.org>")]
    [InlineData("alice@example.org (Alice Example)")]
    [InlineData("Alice Example <alice@example.org>, Bob <bob@example.net>")]
    public void Display_name_with_the_same_address_or_none_is_fine(string from) =>
        Assert.Empty(new TestMail().Set("From", from).Symbols(Analyzer));
}
