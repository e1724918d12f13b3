using System.Globalization;
using System.Net.Security;
using System.Text;

namespace Mizugiwa.Smtp;

/// <summary>The trace header we put on top of every message (RFC 5321 §4.4, protocol names RFC 3848/6531).</summary>
internal static class ReceivedHeader
{
    public static byte[] Build(string helo, string clientAddress, string? clientName, string hostName, bool esmtp, bool smtpUtf8,
        SslStream? tls, string queueId, string? singleRecipient, DateTimeOffset now, string? authenticatedUser = null)
    {
        // RFC 3848: ESMTPS with TLS, ESMTPA with AUTH, ESMTPSA with both.
        var protocol = (smtpUtf8 ? "UTF8SMTP" : esmtp ? "ESMTP" : "SMTP") + (tls is null ? "" : "S") + (authenticatedUser is null ? "" : "A");
        var sb = new StringBuilder();
        sb.Append("Received: from ").Append(Sanitize(helo)).Append(" (").Append(string.IsNullOrEmpty(clientName) ? "unknown" : clientName).Append(" [").Append(clientAddress).Append("])\r\n");
        if (authenticatedUser is not null) sb.Append("\t(Authenticated sender: ").Append(Sanitize(authenticatedUser)).Append(")\r\n");
        sb.Append("\tby ").Append(hostName).Append(" (Mizugiwa) with ").Append(protocol).Append(" id ").Append(queueId);
        if (tls is not null)
            sb.Append("\r\n\t(using ").Append(ProtocolName(tls)).Append(" with cipher ").Append(tls.NegotiatedCipherSuite).Append(')');
        if (singleRecipient is not null) sb.Append("\r\n\tfor <").Append(singleRecipient).Append('>');
        sb.Append("; ").Append(now.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture)).Append("\r\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static string ProtocolName(SslStream tls) => tls.SslProtocol switch
    {
        System.Security.Authentication.SslProtocols.Tls13 => "TLSv1.3",
        System.Security.Authentication.SslProtocols.Tls12 => "TLSv1.2",
        var other => other.ToString(),
    };

    /// <summary>The HELO name is client text: keep it on one line and out of comment syntax.</summary>
    private static string Sanitize(string helo)
    {
        var clean = new string(helo.Where(c => c > ' ' && c != '(' && c != ')' && c != 127).Take(255).ToArray());
        return clean.Length == 0 ? "unknown" : clean;
    }
}
