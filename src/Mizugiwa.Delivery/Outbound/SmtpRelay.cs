using System.Globalization;
using System.Net;
using Mizugiwa.Core;

namespace Mizugiwa.Delivery.Outbound;

/// <summary>How TLS starts with the relay host: STARTTLS on a plain connection (25, 587) or TLS from the first byte (465).</summary>
public enum RelayTls { StartTls, Implicit }

/// <summary>
/// The smarthost (Postfix's relayhost): every "mx" recipient goes there instead of to its domain's MX.
/// "[host]:port" is connected to as it is; "host:port" is looked up as Postfix does: the host's MX, else its
/// own addresses. With a <see cref="User"/> TLS is required and the certificate is verified (unless
/// <see cref="CheckCertificate"/> is off) before the password is sent.
/// </summary>
public sealed record SmtpRelay(string Host, int Port, bool LookUpMx)
{
    /// <summary>The destination every "mx" recipient has when a relay host is set (one transaction for all domains).</summary>
    public const string Destination = "relay";

    public string? User { get; init; }

    public string? Password { get; init; }

    public RelayTls Tls { get; init; } = RelayTls.StartTls;

    public bool CheckCertificate { get; init; } = true;

    /// <summary>Credentials are only ever sent over TLS; an implicit-TLS relay has nothing else.</summary>
    public bool RequiresTls => User is not null || Tls == RelayTls.Implicit;

    /// <summary>Never the password: this ends up in logs.</summary>
    public override string ToString() => LookUpMx ? $"{Host}:{Port}" : $"[{Host}]:{Port}";

    /// <summary>
    /// Reads "host", "host:port", "[host]" or "[host]:port" ("[::1]:587" for IPv6). The port defaults to 25,
    /// or 465 with implicit TLS. An IP address is never looked up, bracketed or not.
    /// </summary>
    public static SmtpRelay? Parse(string text, RelayTls tls, out string? problem)
    {
        problem = null;
        string host;
        string? port = null;
        bool bracketed = text.StartsWith('[');
        if (bracketed)
        {
            int close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0) return Bad(out problem, "has '[' without ']'");
            host = text[1..close];
            if (host.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase)) host = host[5..];
            var rest = text[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':') return Bad(out problem, "has something other than ':port' after ']'");
                port = rest[1..];
            }
        }
        else
        {
            int colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0 && text.LastIndexOf(':') != colon) return Bad(out problem, "looks like an IPv6 address; write it in brackets, e.g. [::1]:587");
            host = colon < 0 ? text : text[..colon];
            if (colon >= 0) port = text[(colon + 1)..];
        }
        bool isAddress = IPAddress.TryParse(host, out _);
        if (!isAddress && !(SmtpAddress.IsDomainOrLiteral(host, false) && !host.StartsWith('[')))
            return Bad(out problem, $"'{host}' is neither a host name nor an IP address");
        int number = tls == RelayTls.Implicit ? 465 : 25;
        if (port is not null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number is < 1 or > 65535))
            return Bad(out problem, $"port '{port}' is outside 1..65535");
        return new SmtpRelay(host, number, LookUpMx: !bracketed && !isAddress) { Tls = tls };
    }

    private static SmtpRelay? Bad(out string? problem, string why)
    {
        problem = why;
        return null;
    }
}
