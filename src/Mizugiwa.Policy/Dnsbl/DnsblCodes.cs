using System.Net;
using System.Net.Sockets;

namespace Mizugiwa.Policy.Dnsbl;

/// <summary>
/// Which A answers of a zone count as a listing: the configured codes, or with none configured any
/// 127.0.0.0/8 address except 127.255.255.0/24 (Spamhaus and others answer errors there, e.g.
/// 127.255.255.254 "query through a public resolver"; that is not a listing).
/// </summary>
internal sealed class DnsblCodes
{
    private readonly HashSet<IPAddress> _accepted;

    public DnsblCodes(IReadOnlyList<string> accepted, string zone)
    {
        _accepted = [];
        foreach (var text in accepted)
        {
            if (!IPAddress.TryParse(text.Trim(), out var code) || code.AddressFamily != AddressFamily.InterNetwork)
                throw new FormatException($"DNSBL zone {zone}: '{text}' is not an IPv4 return code such as 127.0.0.2");
            _accepted.Add(code);
        }
    }

    public bool Accepts(IPAddress answer)
    {
        if (answer.AddressFamily != AddressFamily.InterNetwork) return false;
        var b = answer.GetAddressBytes();
        if (b[0] != 127) return false;
        if (_accepted.Count > 0) return _accepted.Contains(answer);
        return !(b[1] == 255 && b[2] == 255);
    }
}
