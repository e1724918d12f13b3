namespace Mizugiwa.Configuration;

/// <summary>
/// Mail submission by our own users (docs/SUBMISSION.md): a STARTTLS listener (RFC 6409, port 587 in
/// production) and an implicit-TLS listener (RFC 8314, port 465), SMTP AUTH, brute-force protection
/// and per-user sending limits. Both listeners are on by default on high loopback ports.
/// </summary>
public sealed class SubmissionOptions
{
    /// <summary>The STARTTLS submission listener.</summary>
    public bool Enabled { get; set; } = true;
    public string Address { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 5587;

    /// <summary>The implicit-TLS submission listener (the TLS handshake comes before the greeting).</summary>
    public bool ImplicitTlsEnabled { get; set; } = true;
    public string ImplicitTlsAddress { get; set; } = "127.0.0.1";
    public int ImplicitTlsPort { get; set; } = 5465;

    /// <summary>Offer AUTH before STARTTLS (passwords in clear text on the wire). Off by default.</summary>
    public bool AllowPlaintextAuth { get; set; }
    /// <summary>Also offer AUTH on the MX listener (after STARTTLS). Off by default.</summary>
    public bool AuthOnMx { get; set; }
    /// <summary>The envelope sender must be the user's account, a sub-address of it, or an alias reaching it (553 5.7.1 otherwise).</summary>
    public bool EnforceSenderOwnership { get; set; } = true;

    /// <summary>Messages per user per hour (sliding window); 0 turns the limit off.</summary>
    public int MessagesPerHour { get; set; } = 200;
    /// <summary>Recipients per user per hour (sliding window); 0 turns the limit off.</summary>
    public int RecipientsPerHour { get; set; } = 1000;

    /// <summary>Failed logins from one client address (IPv6: /64) within AuthFailureWindowSeconds that lock it out; 0 = never.</summary>
    public int AuthLockoutAfterFailures { get; set; } = 10;
    public int AuthFailureWindowSeconds { get; set; } = 900;
    public int AuthLockoutSeconds { get; set; } = 900;
    /// <summary>The 535 after the n-th recent failure (of the address or the account, whichever is more) waits n times this.</summary>
    public int AuthFailureDelayStepMilliseconds { get; set; } = 1000;
    public int AuthMaxFailureDelayMilliseconds { get; set; } = 15000;
    /// <summary>Argon2id password checks running at once (each ~19 MiB of memory).</summary>
    public int ConcurrentPasswordChecks { get; set; } = 4;
}
