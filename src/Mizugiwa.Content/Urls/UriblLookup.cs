using System.Net;
using System.Net.Sockets;
using Mizugiwa.Policy.Dns;

namespace Mizugiwa.Content.Urls;

/// <summary>Asks one URIBL zone about one name and reads the answer (see <see cref="UriblZone"/>).</summary>
public static class UriblLookup
{
    /// <summary>One listing: the name asked, and the meanings (or the codes) that made it a listing.</summary>
    public sealed record Listing(string Name, IReadOnlyList<string> Meanings);

    /// <summary>The query name: &lt;domain&gt;.&lt;zone&gt;, or the reversed IPv4 address for an IP host (null when the zone skips IPs or for IPv6).</summary>
    public static string? QueryName(UriblZone zone, string name, IPAddress? ip)
    {
        var suffix = DnsName.Normalize(zone.Zone);
        if (ip is null) return $"{name}.{suffix}";
        if (!zone.QueryIpHosts || ip.AddressFamily != AddressFamily.InterNetwork) return null;
        return string.Join('.', ip.GetAddressBytes().Reverse()) + "." + suffix;
    }

    public static async Task<Listing?> AskAsync(IDnsResolver dns, UriblZone zone, string name, IPAddress? ip, CancellationToken cancellationToken)
    {
        var query = QueryName(zone, name, ip);
        if (query is null) return null;
        var answer = await dns.LookupAddressesAsync(query, AddressFamily.InterNetwork, cancellationToken);
        if (!answer.IsOk) return null;
        var meanings = new List<string>();
        foreach (var address in answer.Value!)
        {
            var bytes = address.GetAddressBytes();
            if (bytes.Length != 4 || bytes[0] != 127 || (bytes[1] == 255 && bytes[2] == 255)) continue;
            if (zone.Bits.Count == 0)
            {
                if (bytes[1] == 0 && bytes[2] == 0 && bytes[3] == 1) continue;
                meanings.Add(address.ToString());
                continue;
            }
            foreach (var (bit, meaning) in zone.Bits)
            {
                if ((bytes[3] & bit) != 0 && !meanings.Contains(meaning)) meanings.Add(meaning);
            }
        }
        return meanings.Count == 0 ? null : new Listing(name, meanings);
    }
}
