using System.Globalization;
using System.Net;

namespace Mizugiwa.Content.Urls;

/// <summary>
/// Reads an IPv4 host the way inet_aton (and so browsers) do: one to four dot-separated parts, each
/// decimal, octal (leading 0) or hex (0x); the last part fills the remaining bytes. So 3232235777,
/// 0xC0A80101, 0300.0250.1.1 and 192.168.257 are all addresses.
/// </summary>
public static class ObfuscatedIPv4
{
    /// <summary>The address, or null when the host is not a number form; <paramref name="obfuscated"/> when not plain dotted decimal.</summary>
    public static IPAddress? TryParse(string host, out bool obfuscated)
    {
        obfuscated = false;
        var parts = host.Split('.');
        if (parts.Length is < 1 or > 4) return null;
        var values = new ulong[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!TryParsePart(parts[i], out values[i], out var plainDecimal)) return null;
            if (!plainDecimal) obfuscated = true;
        }
        ulong address = 0;
        for (var i = 0; i < values.Length - 1; i++)
        {
            if (values[i] > 255) return null;
            address |= values[i] << (8 * (3 - i));
        }
        var last = values[^1];
        var lastBits = 8 * (5 - values.Length);
        if (last >= 1UL << lastBits) return null;
        address |= last;
        if (values.Length != 4) obfuscated = true;
        return new IPAddress([(byte)(address >> 24), (byte)(address >> 16), (byte)(address >> 8), (byte)address]);
    }

    private static bool TryParsePart(string part, out ulong value, out bool plainDecimal)
    {
        value = 0;
        plainDecimal = false;
        if (part.Length == 0 || part.Length > 32) return false;
        if (part.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            var hex = part[2..];
            if (hex.Length == 0) return true; // "0x" alone is 0 for inet_aton
            return hex.Length <= 16 && ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
                && hex.All(char.IsAsciiHexDigit);
        }
        if (!part.All(char.IsAsciiDigit)) return false;
        if (part.Length > 1 && part[0] == '0')
        {
            foreach (var c in part[1..])
            {
                if (c > '7') return false;
                if (value > (ulong.MaxValue >> 3)) return false;
                value = value * 8 + (ulong)(c - '0');
            }
            return true;
        }
        plainDecimal = true;
        return ulong.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
