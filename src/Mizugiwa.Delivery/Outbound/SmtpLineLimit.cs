namespace Mizugiwa.Delivery.Outbound;

/// <summary>
/// RFC 5321 §4.5.3.1.6: a text line is at most 998 octets before its CRLF. The MX accepts longer lines
/// (Limits:MaxTextLineLength, as Postfix does), so a message that has one is re-encoded before it is relayed
/// (<see cref="MimeKit.MimeMessage.Prepare"/>: the parts with long lines become quoted-printable or base64),
/// where Postfix would fold the lines; a strict next hop would refuse it as it is.
/// </summary>
internal static class SmtpLineLimit
{
    public const int MaxOctets = 998;

    /// <summary>Whether any line of <paramref name="content"/> is longer than <see cref="MaxOctets"/> (CR and LF not counted).</summary>
    public static async Task<bool> ExceededAsync(Stream content, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            foreach (var octet in buffer.AsSpan(0, read))
            {
                if (octet == (byte)'\n') length = 0;
                else if (octet != (byte)'\r' && ++length > MaxOctets) return true;
            }
        }
        return false;
    }
}
