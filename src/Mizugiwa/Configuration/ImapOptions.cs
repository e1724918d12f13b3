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
}
