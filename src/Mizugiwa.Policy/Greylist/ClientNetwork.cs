using System.Net;
using System.Net.Sockets;

namespace Mizugiwa.Policy.Greylist;

/// <summary>The network a client address is greylisted as: its /24 (IPv4) or /64 (IPv6).</summary>
internal static class ClientNetwork
{
    public static string Of(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
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
