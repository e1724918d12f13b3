using System.Net;
using System.Net.Sockets;
using Mizugiwa.Policy.Dns;

namespace Mizugiwa.Policy.Tests.Support;

/// <summary>The dnsmasq fixture when the UDP port it chose is taken before dnsmasq binds it.</summary>
public sealed class DnsmasqServerPortTests
{
    private static DnsmasqRecords Records() => new DnsmasqRecords().HostRecord("host.port.test", "127.0.0.7");

    [Fact]
    public async Task Dnsmasq_starts_on_another_port_when_the_chosen_one_is_taken()
    {
        using var taken = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var takenPort = ((IPEndPoint)taken.Client.LocalEndPoint!).Port;
        var handedOut = 0;

        await using var dns = await DnsmasqServer.StartAsync(Records(), () => handedOut++ == 0 ? takenPort : DnsmasqServer.FreeUdpPort());

        Assert.NotEqual(takenPort, dns.Port);
        var resolver = new DnsResolver(new DnsResolverOptions { Servers = [dns.Server], Timeout = TimeSpan.FromSeconds(2), Retries = 1 });
        var found = await resolver.LookupAddressesAsync("host.port.test", AddressFamily.InterNetwork, CancellationToken.None);
        Assert.Equal([IPAddress.Parse("127.0.0.7")], found.Value!);
    }

    [Fact]
    public async Task Dnsmasq_gives_up_with_its_log_when_every_port_is_taken()
    {
        using var taken = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var takenPort = ((IPEndPoint)taken.Client.LocalEndPoint!).Port;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => DnsmasqServer.StartAsync(Records(), () => takenPort));

        Assert.Contains($"127.0.0.1:{takenPort}", error.Message);
        Assert.Contains("Address already in use", error.Message);
    }
}
