using Mizugiwa.Core;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using Mizugiwa.Policy.Greylist;

namespace Mizugiwa.Policy.Flow;

/// <summary>
/// What is counted and blocked: one client address, or its network (/24 for IPv4, /64 for IPv6,
/// as greylisting groups clients). IPv4-mapped IPv6 addresses count as the IPv4 address.
/// </summary>
public sealed record SourceScope
{
    private SourceScope(string text, bool isNetwork) => (Text, IsNetwork) = (text, isNetwork);

    /// <summary>The address ("192.0.2.7") or the network ("192.0.2.0/24").</summary>
    public string Text { get; }
    public bool IsNetwork { get; }

    /// <summary>The part of a state key that names this scope: "ip:192.0.2.7" or "net:192.0.2.0/24".</summary>
    public string Key => (IsNetwork ? "net:" : "ip:") + Text;

    public static SourceScope Of(IPAddress address) => new(ClientAddress.Unmapped(address).ToString(), false);

    public static SourceScope NetworkOf(IPAddress address) => new(ClientAddress.NetworkOf(address), true);

    /// <summary>An address, or a network of the size that is counted (/24 IPv4, /64 IPv6).</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out SourceScope? scope)
    {
        scope = null;
        if (!text.Contains('/'))
        {
            if (!IPAddress.TryParse(text, out var address)) return false;
            scope = Of(address);
            return true;
        }
        if (!IPNetwork.TryParse(text, out var network)) return false;
        var family = ClientAddress.Unmapped(network.BaseAddress).AddressFamily;
        var expected = family == AddressFamily.InterNetwork ? 24 : 64;
        var prefix = network.BaseAddress.IsIPv4MappedToIPv6 ? network.PrefixLength - 96 : network.PrefixLength;
        if (prefix != expected) return false;
        scope = NetworkOf(network.BaseAddress);
        return true;
    }

    /// <summary>The scope named by the end of a state key ("ip:…" or "net:…"), or null.</summary>
    internal static SourceScope? FromKey(string key) =>
        key.StartsWith("ip:", StringComparison.Ordinal) ? new SourceScope(key[3..], false)
        : key.StartsWith("net:", StringComparison.Ordinal) ? new SourceScope(key[4..], true)
        : null;

    public override string ToString() => Text;
}
