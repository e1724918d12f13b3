using Mizugiwa.Core;
using System.Net;
using System.Text;

namespace Mizugiwa.Policy.Dnsbl;

/// <summary>
/// Fills a zone's message template. The TXT reason comes from the network, so it is cut to printable
/// ASCII on one line and at most <see cref="MaxReasonLength"/> characters before it enters a reply.
/// </summary>
public static class DnsblReplyText
{
    public const int MaxReasonLength = 200;

    public static string Format(DnsblHit hit, IPAddress client)
    {
        client = ClientAddress.Unmapped(client);
        var reason = Sanitize(hit.Reason);
        var template = hit.Zone.Message;
        var text = template
            .Replace("{ip}", client.ToString(), StringComparison.Ordinal)
            .Replace("{zone}", hit.Zone.Zone, StringComparison.Ordinal)
            .Replace("{code}", hit.Codes.Count > 0 ? hit.Codes[0].ToString() : "", StringComparison.Ordinal)
            .Replace("{reason}", reason, StringComparison.Ordinal);
        if (!template.Contains("{reason}", StringComparison.Ordinal) && reason.Length > 0) text += "; " + reason;
        return text;
    }

    public static string Sanitize(string? reason)
    {
        if (string.IsNullOrEmpty(reason)) return "";
        var sb = new StringBuilder(Math.Min(reason.Length, MaxReasonLength));
        foreach (var c in reason)
        {
            if (sb.Length == MaxReasonLength) break;
            sb.Append(c is >= ' ' and <= '~' ? c : ' ');
        }
        return sb.ToString().Trim();
    }
}
