namespace Mizugiwa.Smtp;

/// <summary>What one SMTP listener needs to know; filled from the server configuration.</summary>
public sealed class SmtpSessionOptions
{
    public required string HostName { get; init; }
    public long MaxMessageSize { get; init; } = 25 * 1024 * 1024;
    public int MaxRecipients { get; init; } = 100;
    public int MaxCommandLineLength { get; init; } = 512;
    /// <summary>
    /// RFC 5321 §4.5.3.1.6 allows 1000 octets, but newsletters send longer HTML lines and Postfix accepts them
    /// (the corpus replay refused 6 of 4150 ham at 1000), so the default only guards against the absurd.
    /// </summary>
    public const int DefaultMaxTextLineLength = 64 * 1024;

    public int MaxTextLineLength { get; init; } = DefaultMaxTextLineLength;
    public int SoftErrorLimit { get; init; } = 3;
    public int HardErrorLimit { get; init; } = 20;
    /// <summary>Each error past the soft limit waits this much longer than the one before.</summary>
    public TimeSpan ErrorDelayStep { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxErrorDelay { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan DataTimeout { get; init; } = TimeSpan.FromMinutes(3);
    /// <summary>Sessions beyond this many at once are told 421 and closed.</summary>
    public int MaxConnections { get; init; } = 1000;
    /// <summary>Clients allowed to use XCLIENT (a trusted front end or a replay harness).</summary>
    public IReadOnlyList<System.Net.IPNetwork> XclientNetworks { get; init; } = [];
    /// <summary>Clients that may send to other domains without AUTH (Postfix's mynetworks): the site's own hosts.</summary>
    public IReadOnlyList<System.Net.IPNetwork> RelayNetworks { get; init; } = [];
    /// <summary>Offered through STARTTLS when set; required for <see cref="SmtpListenerKind.ImplicitTlsSubmission"/>.</summary>
    public ServerCertificate? Certificate { get; init; }
    /// <summary>What the listener is for: the MX, or submission by our users (RFC 6409 / RFC 8314).</summary>
    public SmtpListenerKind Kind { get; init; } = SmtpListenerKind.Mx;
    /// <summary>SMTP AUTH and what follows from it (offered only with <see cref="SmtpServices.Auth"/> set).</summary>
    public Sasl.SmtpAuthOptions Auth { get; init; } = new();
}

/// <summary>The kinds of SMTP listener.</summary>
public enum SmtpListenerKind
{
    /// <summary>Mail from the world to our domains; AUTH not offered unless configured.</summary>
    Mx,
    /// <summary>Message submission (RFC 6409, port 587): STARTTLS, AUTH required before MAIL.</summary>
    Submission,
    /// <summary>Submission over implicit TLS (RFC 8314, port 465): the TLS handshake comes before the greeting.</summary>
    ImplicitTlsSubmission,
}
