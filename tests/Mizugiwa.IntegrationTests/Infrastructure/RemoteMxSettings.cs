using System.Globalization;
using Mizugiwa.Policy.Tests.Support;

namespace Mizugiwa.IntegrationTests.Infrastructure;

/// <summary>
/// Settings of a `mizugiwa serve` that delivers to a real Postfix on loopback: the fixture dnsmasq as its
/// resolver, the Postfix port for outbound SMTP, and retry and queue-scan times short enough for a test.
/// </summary>
internal static class RemoteMxSettings
{
    public static Dictionary<string, string> FastQueue() => new()
    {
        ["Outbound__FirstRetrySeconds"] = "1",
        ["Outbound__MaxRetrySeconds"] = "2",
        ["Outbound__ConnectTimeoutSeconds"] = "5",
        ["Outbound__CommandTimeoutSeconds"] = "30",
        ["Queue__ScanSeconds"] = "1",
    };

    public static Dictionary<string, string> For(DnsmasqServer dns, PostfixInstance postfix)
    {
        var settings = FastQueue();
        settings["Checks__Dns__Servers__0"] = dns.Server;
        settings["Checks__Dns__TimeoutMilliseconds"] = "1000";
        settings["Outbound__Port"] = postfix.Port.ToString(CultureInfo.InvariantCulture);
        return settings;
    }
}
