using Mizugiwa.Smtp;

namespace Mizugiwa.Pop3;

/// <summary>Which kind of POP3 listener: STLS on request (RFC 2595), or TLS from the first byte (RFC 8314, "POP3S").</summary>
public enum Pop3ListenerKind { StartTls, ImplicitTls }

/// <summary>The behaviour and limits of one POP3 listener.</summary>
public sealed record Pop3SessionOptions
{
    public Pop3ListenerKind Kind { get; init; } = Pop3ListenerKind.StartTls;
    /// <summary>Where the Maildirs are (MaildirLayout.PathFor's mail root).</summary>
    public required string MailRoot { get; init; }
    public string HostName { get; init; } = "localhost";
    /// <summary>Offered by STLS and used on the implicit-TLS listener; without one STLS is not offered.</summary>
    public ServerCertificate? Certificate { get; init; }
    /// <summary>Allow USER/PASS and AUTH before TLS (passwords in clear text on the wire). Off by default.</summary>
    public bool AllowPlaintextAuth { get; init; }
    /// <summary>RFC 1939 §3: the autologout timer is at least 10 minutes.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>How long the TLS handshake may take.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>RFC 2449 §4 allows 255 octets per command with its CRLF; we take a little more for long user names.</summary>
    public int MaxCommandLineLength { get; init; } = 512;
    /// <summary>An AUTH continuation line (base64) may be longer, as in RFC 4954.</summary>
    public int MaxAuthLineLength { get; init; } = 12288;
    /// <summary>Errors (unknown commands, bad arguments, failed logins) after which the session is closed.</summary>
    public int MaxBadCommands { get; init; } = 10;
    public int MaxConnections { get; init; } = 1000;
}
