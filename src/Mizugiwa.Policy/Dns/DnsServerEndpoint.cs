using System.Net;

namespace Mizugiwa.Policy.Dns;

/// <summary>Parses a configured DNS server: "1.2.3.4", "1.2.3.4:5353", "::1", "[::1]:5353".</summary>
public static class DnsServerEndpoint
{
    public const int DefaultPort = 53;

    public static IPEndPoint Parse(string text)
    {
        if (TryParse(text, out var endPoint)) return endPoint;
        throw new FormatException($"Not a DNS server address (expected ip or ip:port): '{text}'");
    }

    public static bool TryParse(string? text, out IPEndPoint endPoint)
    {
        endPoint = null!;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        if (IPAddress.TryParse(text, out var bare) && !text.StartsWith('['))
        {
            endPoint = new IPEndPoint(bare, DefaultPort);
            return true;
        }
        if (!IPEndPoint.TryParse(text, out var parsed)) return false;
        if (parsed.Port == 0 && !text.EndsWith(":0", StringComparison.Ordinal)) parsed.Port = DefaultPort;
        if (parsed.Port == 0) return false;
        endPoint = parsed;
        return true;
    }
}
