using System.Net;

namespace Mizugiwa.Configuration;

/// <summary>
/// IMAP for reading mail (docs/IMAP.md): a STARTTLS listener (port 143 in production) and an implicit-TLS
/// listener (IMAPS, RFC 8314, port 993). Both are on by default on high loopback ports; passwords are only
/// taken under TLS.
/// </summary>
public sealed class ImapOptions
{
    /// <summary>The IMAP listener with STARTTLS (LOGINDISABLED before it).</summary>
    public bool Enabled { get; set; } = true;
    public string Address { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 5143;

    /// <summary>The IMAPS listener (the TLS handshake comes before the greeting).</summary>
    public bool ImplicitTlsEnabled { get; set; } = true;
    public string ImplicitTlsAddress { get; set; } = "127.0.0.1";
    public int ImplicitTlsPort { get; set; } = 5993;

    /// <summary>RFC 3501 §5.4: an idle client is logged out after at least 30 minutes.</summary>
    public int IdleTimeoutMinutes { get; set; } = 30;
    /// <summary>The longest command line, literals not counted (RFC 7162 §4: at least 8192).</summary>
    public int MaxLineLength { get; set; } = 8192;
    public int MaxConnections { get; set; } = 1000;
    /// <summary>How often a client in IDLE is told about new, changed or removed messages.</summary>
    public int IdlePollSeconds { get; set; } = 5;

    /// <summary>The listeners that are on, named by their port key, for the check that no two share a port.</summary>
    internal IEnumerable<(string Name, string Address, int Port)> Listeners()
    {
        if (Enabled) yield return ("Imap:Port", Address, Port);
        if (ImplicitTlsEnabled) yield return ("Imap:ImplicitTlsPort", ImplicitTlsAddress, ImplicitTlsPort);
    }

    internal static void Validate(ImapOptions i, Action<bool, string> require)
    {
        require(IPAddress.TryParse(i.Address, out _), $"Imap:Address '{i.Address}' is not an IP address");
        require(IPAddress.TryParse(i.ImplicitTlsAddress, out _), $"Imap:ImplicitTlsAddress '{i.ImplicitTlsAddress}' is not an IP address");
        require(i.Port is >= 0 and <= 65535, $"Imap:Port {i.Port} must be within 0..65535");
        require(i.ImplicitTlsPort is >= 0 and <= 65535, $"Imap:ImplicitTlsPort {i.ImplicitTlsPort} must be within 0..65535");
        require(i.IdleTimeoutMinutes is >= 30 and <= 1440, $"Imap:IdleTimeoutMinutes {i.IdleTimeoutMinutes} must be within 30..1440 (RFC 3501 asks for at least 30)");
        require(i.MaxLineLength is >= 1024 and <= 1_048_576, $"Imap:MaxLineLength {i.MaxLineLength} must be within 1024..1048576");
        require(i.MaxConnections >= 1, $"Imap:MaxConnections {i.MaxConnections} must be at least 1");
        require(i.IdlePollSeconds is >= 1 and <= 600, $"Imap:IdlePollSeconds {i.IdlePollSeconds} must be within 1..600");
    }
}
