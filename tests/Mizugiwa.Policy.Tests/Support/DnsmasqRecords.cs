using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mizugiwa.Policy.Tests.Support;

/// <summary>
/// Fixture records for <see cref="DnsmasqServer"/>, written as a dnsmasq conf file. Every zone a record
/// lives in is also declared local (--local=/zone/), so names dnsmasq does not know get NXDOMAIN
/// instead of REFUSED. Self-contained: copy it with DnsmasqServer.cs into another test project.
/// </summary>
public sealed class DnsmasqRecords
{
    private readonly List<string> _lines = [];
    private readonly SortedSet<string> _localZones = new(StringComparer.Ordinal);

    /// <summary>The TTL of every answer (dnsmasq's local-ttl; its default is 0).</summary>
    public int Ttl { get; set; } = 300;

    /// <summary>Answers NXDOMAIN for unknown names under this zone instead of REFUSED.</summary>
    public DnsmasqRecords LocalZone(string zone)
    {
        _localZones.Add(zone.Trim('.').ToLowerInvariant());
        return this;
    }

    /// <summary>A PTR record for the address (no forward record); its /8 (IPv4) or /16 (IPv6) reverse zone becomes local.</summary>
    public DnsmasqRecords PtrRecord(string address, string name)
    {
        var ip = IPAddress.Parse(address);
        var arpa = ArpaName(ip).Split('.');
        LocalZone(string.Join('.', arpa[^(ip.AddressFamily == AddressFamily.InterNetwork ? 3 : 6)..])); // the /8 or the /16
        LocalZone(ParentZone(name));
        return Line($"ptr-record={ArpaName(ip)},{name}");
    }

    /// <summary>A and/or AAAA records for the name; dnsmasq adds the matching PTR records too.</summary>
    public DnsmasqRecords HostRecord(string name, params string[] addresses)
    {
        LocalZone(ParentZone(name));
        return Line($"host-record={name},{string.Join(',', addresses)}");
    }

    /// <summary>A records for the name (and any name below it) without a PTR record.</summary>
    public DnsmasqRecords AddressRecord(string name, string ipv4)
    {
        LocalZone(ParentZone(name));
        return Line($"address=/{name}/{ipv4}");
    }

    public DnsmasqRecords TxtRecord(string name, string text)
    {
        LocalZone(ParentZone(name));
        return Line($"txt-record={name},\"{text.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
    }

    public DnsmasqRecords MxRecord(string domain, string host, int preference)
    {
        LocalZone(ParentZone(domain));
        return Line($"mx-host={domain},{host},{preference.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>Lists an address in a DNSBL zone with a return code (e.g. 127.0.0.2) and optionally a TXT reason.</summary>
    public DnsmasqRecords DnsblListing(string zone, string address, string code, string? reason = null)
    {
        LocalZone(zone);
        var name = $"{ReversedName(IPAddress.Parse(address))}.{zone}";
        Line($"address=/{name}/{code}");
        return reason is null ? this : TxtRecord(name, reason);
    }

    /// <summary>The conf file text.</summary>
    public string ToConf()
    {
        var sb = new StringBuilder();
        sb.Append("local-ttl=").Append(Ttl.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var zone in _localZones) sb.Append("local=/").Append(zone).Append("/\n");
        foreach (var line in _lines) sb.Append(line).Append('\n');
        return sb.ToString();
    }

    private DnsmasqRecords Line(string line)
    {
        _lines.Add(line);
        return this;
    }

    private static string ParentZone(string name)
    {
        var labels = name.Trim('.').Split('.');
        return labels.Length <= 2 ? string.Join('.', labels) : string.Join('.', labels[^2..]);
    }

    private static string ArpaName(IPAddress ip) =>
        ReversedName(ip) + (ip.AddressFamily == AddressFamily.InterNetwork ? ".in-addr.arpa" : ".ip6.arpa");

    private static string ReversedName(IPAddress ip)
    {
        var bytes = ip.GetAddressBytes();
        if (ip.AddressFamily == AddressFamily.InterNetwork) return string.Join('.', bytes.Reverse());
        return string.Join('.', bytes.Reverse().SelectMany(b => new[] { (b & 0xF).ToString("x", CultureInfo.InvariantCulture), (b >> 4).ToString("x", CultureInfo.InvariantCulture) }));
    }
}
