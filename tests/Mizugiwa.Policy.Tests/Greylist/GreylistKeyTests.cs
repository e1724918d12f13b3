using System.Net;
using Mizugiwa.Policy.Greylist;

namespace Mizugiwa.Policy.Tests.Greylist;

public sealed class GreylistKeyTests
{
    private static readonly IPAddress Client = IPAddress.Parse("192.0.2.55");

    [Theory]
    [InlineData("alice@example.com", "alice@example.com")]
    [InlineData("Alice@Example.COM", "alice@example.com")]
    [InlineData("<alice@example.com>", "alice@example.com")]
    [InlineData("alice+news@example.com", "alice@example.com")]
    [InlineData("alice+a+b@example.com", "alice@example.com")]
    [InlineData("+alice@example.com", "+alice@example.com")]
    [InlineData("prvs=4168f2c4d5=alice@example.com", "alice@example.com")]
    [InlineData("PRVS=4168F2C4D5=Alice@Example.com", "alice@example.com")]
    [InlineData("prvs=alice/4168f2c4d5@example.com", "alice@example.com")]
    [InlineData("msprvs1=19345abcdEFgh=bounces-123@example.com", "bounces-#@example.com")]
    [InlineData("prvs=4168f2c4d5=alice+ext@example.com", "alice@example.com")]
    [InlineData("list-bounces-12345-678@lists.example.org", "list-bounces-#-#@lists.example.org")]
    [InlineData("user2024@example.com", "user2024@example.com")]
    [InlineData("", "<>")]
    [InlineData("<>", "<>")]
    public void Senders_are_normalised(string sender, string expected) =>
        Assert.Equal(expected, GreylistKey.From(Client, sender, "bob@ours.example").Sender);

    [Fact]
    public void Recipients_are_lower_cased_and_keep_their_extension() =>
        Assert.Equal("bob+tag@ours.example", GreylistKey.From(Client, "a@b.example", "<Bob+Tag@Ours.Example>").Recipient);

    [Theory]
    [InlineData("192.0.2.55", "192.0.2.0/24")]
    [InlineData("192.0.2.255", "192.0.2.0/24")]
    [InlineData("::ffff:192.0.2.55", "192.0.2.0/24")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("::1", "::/64")]
    public void Clients_are_keyed_by_network(string ip, string expected) =>
        Assert.Equal(expected, GreylistKey.From(IPAddress.Parse(ip), "a@b.example", "c@d.example").Client);

    [Theory]
    [InlineData("out1.mail.bigsender.example", "bigsender.example")]
    [InlineData("OUT9.Mail.BigSender.Example.", "bigsender.example")]
    [InlineData("mail-a.pool.example.com", "example.com")]
    [InlineData("example.com", "example.com")]
    [InlineData("mx12.mail.example.co.jp", "example.co.jp")]
    [InlineData("a.b.example.ne.jp", "example.ne.jp")]
    [InlineData("smtp.out.example.co.uk", "example.co.uk")]
    [InlineData("relay.example.com.au", "example.com.au")]
    [InlineData("mx.example.jp", "example.jp")]
    [InlineData("co.jp", "co.jp")]
    [InlineData("mail.co.example", "co.example")]
    [InlineData(null, "192.0.2.0/24")]
    [InlineData("", "192.0.2.0/24")]
    [InlineData("unknown", "192.0.2.0/24")]
    [InlineData("localhost", "192.0.2.0/24")]
    [InlineData("[192.0.2.55]", "192.0.2.0/24")]
    [InlineData("55.2.0.192", "192.0.2.0/24")]
    [InlineData("a..example", "192.0.2.0/24")]
    public void Named_clients_are_keyed_by_the_organisational_domain_of_their_name(string? name, string expected) =>
        Assert.Equal(expected, GreylistKey.ClientOf(Client, name));
}
