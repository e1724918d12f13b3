using Mizugiwa.Core;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mizugiwa.Policy.Dnsbl;

/// <summary>
/// The name to ask a DNSBL about (RFC 5782): IPv4 octets reversed (1.2.3.4 → 4.3.2.1.zone), IPv6 as
/// 32 nibbles reversed (2001:db8::1 → 1.0.0.0.….8.b.d.0.1.0.0.2.zone). IPv4-mapped IPv6 is asked as IPv4.
/// </summary>
public static class DnsblQueryName
{
    public static string For(IPAddress address, string zone)
    {
        address = ClientAddress.Unmapped(address);
        var bytes = address.GetAddressBytes();
        var sb = new StringBuilder(80);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            for (int i = bytes.Length - 1; i >= 0; i--) sb.Append(bytes[i]).Append('.');
        }
        else
        {
            const string hex = "0123456789abcdef";
            for (int i = bytes.Length - 1; i >= 0; i--)
            {
                sb.Append(hex[bytes[i] & 0xF]).Append('.').Append(hex[bytes[i] >> 4]).Append('.');
            }
        }
        return sb.Append(zone.Trim().TrimEnd('.').ToLowerInvariant()).ToString();
    }
}
