using Mizugiwa.Core;

namespace Mizugiwa.Core.Tests;

public sealed class SmtpAddressTests
{
    [Theory]
    [InlineData("alice@example.test", "alice", "example.test")]
    [InlineData("Alice@Example.TEST", "Alice", "example.test")]
    [InlineData("a.b+c@x.test", "a.b+c", "x.test")]
    [InlineData("\"a b\"@x.test", "a b", "x.test")]
    [InlineData("\"a\\\"b\"@x.test", "a\"b", "x.test")]
    [InlineData("\"user@remote\"@x.test", "user@remote", "x.test")]
    [InlineData("u@[192.0.2.1]", "u", "[192.0.2.1]")]
    [InlineData("u@[IPv6:2001:db8::1]", "u", "[ipv6:2001:db8::1]")]
    public void Valid_addresses_parse(string text, string local, string domain)
    {
        var address = SmtpAddress.TryParse(text, allowUtf8: false, out var error);
        Assert.Null(error);
        Assert.Equal(local, address!.LocalPart);
        Assert.Equal(domain, address.Domain);
    }

    [Theory]
    [InlineData("")]
    [InlineData("alice")]
    [InlineData("@x.test")]
    [InlineData("alice@")]
    [InlineData("a..b@x.test")]
    [InlineData(".a@x.test")]
    [InlineData("a.@x.test")]
    [InlineData("a b@x.test")]
    [InlineData("alice@x.test.")]
    [InlineData("alice@-x.test")]
    [InlineData("alice@x..test")]
    [InlineData("a@b@x.test")]
    [InlineData("\"unterminated@x.test")]
    [InlineData("u@[300.1.1.1]")]
    [InlineData("u@[1.2.3]")]
    [InlineData("日本@x.test")]
    public void Invalid_addresses_are_refused(string text) =>
        Assert.Null(SmtpAddress.TryParse(text, allowUtf8: false, out _));

    [Fact]
    public void Utf8_is_allowed_only_when_asked_for()
    {
        Assert.NotNull(SmtpAddress.TryParse("日本@例え.test", allowUtf8: true, out _));
        Assert.Null(SmtpAddress.TryParse("日本@例え.test", allowUtf8: false, out _));
    }

    [Theory]
    [InlineData("alice@x.test", "alice@x.test")]
    [InlineData("\"a b\"@x.test", "\"a b\"@x.test")]
    [InlineData("\"user@remote\"@x.test", "\"user@remote\"@x.test")]
    public void ToString_round_trips(string text, string expected) =>
        Assert.Equal(expected, SmtpAddress.TryParse(text, false, out _)!.ToString());

    [Fact]
    public void Long_local_parts_are_accepted_up_to_128_octets()
    {
        Assert.NotNull(SmtpAddress.TryParse(new string('a', 67) + "@x.test", false, out _));
        Assert.NotNull(SmtpAddress.TryParse(new string('a', 128) + "@x.test", false, out _));
        Assert.Null(SmtpAddress.TryParse(new string('a', 129) + "@x.test", false, out _));
    }
}
