using Mizugiwa.Smtp;

namespace Mizugiwa.Imap;

/// <summary>What one IMAP listener's sessions are allowed and expected to do.</summary>
public sealed class ImapSessionOptions
{
    /// <summary>True on the IMAPS listener (RFC 8314): the TLS handshake comes before the greeting.</summary>
    public bool ImplicitTls { get; init; }
    public required ServerCertificate Certificate { get; init; }
    /// <summary>Root of all Maildirs (MaildirLayout.PathFor).</summary>
    public required string MailRoot { get; init; }
    /// <summary>RFC 3501 §5.4: an autologout timer of at least 30 minutes.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(30);
    /// <summary>A command line without its literals; RFC 7162 §4 asks for at least 8192 octets.</summary>
    public int MaxLineLength { get; init; } = 8192;
    /// <summary>The largest literal of APPEND (a message).</summary>
    public long MaxAppendSize { get; init; } = 25 * 1024 * 1024;
    /// <summary>The largest literal of any other command (a password, a search string).</summary>
    public int MaxSmallLiteral { get; init; } = 64 * 1024;
    public int MaxConnections { get; init; } = 1000;
    /// <summary>How often an IDLE session looks for changes in the folder.</summary>
    public TimeSpan IdlePollInterval { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>The quarantine folder, listed with the \Junk attribute (RFC 6154).</summary>
    public string JunkFolder { get; init; } = "Junk";
}
