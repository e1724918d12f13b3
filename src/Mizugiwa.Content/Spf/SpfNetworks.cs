using System.Net;

namespace Mizugiwa.Content.Spf;

/// <summary>CIDR comparison for ip4, ip6, a and mx.</summary>
public static class SpfNetworks
{
    /// <summary>Whether the first <paramref name="prefix"/> bits of both addresses agree; addresses of different families never match.</summary>
    public static bool InNetwork(IPAddress ip, IPAddress network, int prefix)
    {
        if (ip.AddressFamily != network.AddressFamily) return false;
        Span<byte> a = stackalloc byte[16];
        Span<byte> b = stackalloc byte[16];
        ip.TryWriteBytes(a, out int length);
        network.TryWriteBytes(b, out _);
        int bits = Math.Clamp(prefix, 0, length * 8);
        int whole = bits / 8;
        if (!a[..whole].SequenceEqual(b[..whole])) return false;
        int rest = bits % 8;
        if (rest == 0) return true;
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (a[whole] & mask) == (b[whole] & mask);
    }

    /// <summary>IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are checked as the IPv4 address they carry.</summary>
    public static IPAddress Unmap(IPAddress ip) => ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;
}
