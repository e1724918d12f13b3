namespace Mizugiwa.Smtp.Sasl;

/// <summary>SMTP AUTH, brute-force protection and per-user sending limits of one listener.</summary>
public sealed record SmtpAuthOptions
{
    /// <summary>Offer AUTH without TLS (RFC 4954 §4 and RFC 8314 advise against it).</summary>
    public bool AllowPlaintextAuth { get; init; }
    /// <summary>Offer AUTH on an MX listener too (it is never required there).</summary>
    public bool OfferOnMx { get; init; }
    /// <summary>The envelope sender must be one of the user's addresses (the account, its sub-addresses, or an alias reaching it).</summary>
    public bool EnforceSenderOwnership { get; init; } = true;
    /// <summary>Messages an authenticated user may send per hour; 0 turns the limit off.</summary>
    public int MessagesPerHour { get; init; } = 200;
    /// <summary>Recipients an authenticated user may send to per hour; 0 turns the limit off.</summary>
    public int RecipientsPerHour { get; init; } = 1000;

    /// <summary>Failed logins from one client address (IPv6: its /64) within <see cref="FailureWindow"/> that lock it out.</summary>
    public int LockoutAfterFailures { get; init; } = 10;
    public TimeSpan FailureWindow { get; init; } = TimeSpan.FromMinutes(15);
    public TimeSpan LockoutDuration { get; init; } = TimeSpan.FromMinutes(15);
    /// <summary>The 535 after the n-th recent failure (of the address or the account, whichever is more) waits n × this.</summary>
    public TimeSpan FailureDelayStep { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxFailureDelay { get; init; } = TimeSpan.FromSeconds(15);
    /// <summary>Password checks (Argon2id) running at once across all sessions.</summary>
    public int ConcurrentPasswordChecks { get; init; } = 4;
    /// <summary>How long an AUTH waits for a free password-check slot before it gets 454 4.7.0.</summary>
    public TimeSpan PasswordCheckQueueTimeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>RFC 4954 §4: AUTH continuation lines may be up to 12288 octets.</summary>
    public int MaxAuthLineLength { get; init; } = 12288;
}
