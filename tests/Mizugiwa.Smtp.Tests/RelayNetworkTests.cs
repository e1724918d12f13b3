using System.Net;
using Mizugiwa.Core;
using Mizugiwa.Smtp.Tests.Support;

namespace Mizugiwa.Smtp.Tests;

/// <summary>Mx:RelayNetworks: the site's own hosts may send to other domains without AUTH; nobody else may.</summary>
public sealed class RelayNetworkTests
{
    private const string ToRemote = "EHLO app.example.test\r\nMAIL FROM:<app@example.test>\r\nRCPT TO:<someone@remote.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\nSubject: report\r\n\r\nnightly\r\n.\r\nQUIT\r\n";

    private static SessionHarness Relaying() => new()
    {
        Options = new() { HostName = "mx.example.test", RelayNetworks = [IPNetwork.Parse("10.1.0.0/16")], XclientNetworks = [IPNetwork.Parse("127.0.0.0/8")] },
    };

    [Fact]
    public async Task A_client_in_the_relay_networks_sends_to_another_domain_through_its_MX()
    {
        var h = Relaying();
        var transcript = await h.RunAsync(System.Text.Encoding.ASCII.GetBytes(ToRemote), null, IPAddress.Parse("10.1.2.3"));
        Assert.Equal(["220", "250", "250", "250", "250", "354", "250", "221"], SessionHarness.Codes(transcript));
        var (envelope, _) = Assert.Single(h.Spool.Committed);
        var remote = Assert.Single(envelope.Recipients, r => r.Address == "someone@remote.test");
        Assert.Equal(Routes.Mx, remote.Route);
        Assert.Contains(envelope.Recipients, r => r.Mailbox == "alice@example.test");
    }

    [Theory]
    [InlineData("10.2.0.1")]
    [InlineData("127.0.0.1")]
    public async Task A_client_outside_them_gets_relay_access_denied(string client)
    {
        var h = Relaying();
        var transcript = await h.RunAsync(System.Text.Encoding.ASCII.GetBytes(ToRemote), null, IPAddress.Parse(client));
        Assert.Contains("\r\n554 5.7.1 <someone@remote.test>: Relay access denied\r\n", transcript);
        Assert.DoesNotContain(Assert.Single(h.Spool.Committed).Envelope.Recipients, r => r.Address == "someone@remote.test");
    }

    [Fact]
    public async Task The_client_that_counts_is_the_one_XCLIENT_names()
    {
        var h = Relaying();
        var transcript = await h.RunAsync("XCLIENT ADDR=10.1.9.9\r\n" + ToRemote);
        Assert.DoesNotContain("554 5.7.1", transcript);
        Assert.Contains(Assert.Single(h.Spool.Committed).Envelope.Recipients, r => r.Address == "someone@remote.test");

        var outsider = Relaying();
        Assert.Contains("554 5.7.1", await outsider.RunAsync("XCLIENT ADDR=192.0.2.9\r\n" + ToRemote));
    }
}
