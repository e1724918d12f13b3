using System.Net;
using System.Net.Sockets;

namespace Mizugiwa.Core;

/// <summary>How a client's address is seen everywhere: IPv4-mapped IPv6 as IPv4, and its network.</summary>
public static class ClientAddress
{
    public static IPAddress Unmapped(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>The network a client is grouped by (greylisting, harvest guard, flow control, AUTH failures): its /24 (IPv4) or /64 (IPv6).</summary>
    public static string NetworkOf(IPAddress address)
    {
        address = Unmapped(address);
        var bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            bytes[3] = 0;
            return $"{new IPAddress(bytes)}/24";
        }
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }
}
