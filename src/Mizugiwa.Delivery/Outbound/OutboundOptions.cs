namespace Mizugiwa.Delivery.Outbound;

/// <summary>How the outbound agent and the DSN generator behave; see docs/OUTBOUND.md.</summary>
public sealed record OutboundOptions
{
    /// <summary>The name given in EHLO and in the Reporting-MTA of DSNs.</summary>
    public string HostName { get; init; } = "localhost";

    /// <summary>The port of every MX host (25; tests use another).</summary>
    public int Port { get; init; } = 25;

    /// <summary>The smarthost every "mx" recipient goes to instead of its domain's MX; null = by MX.</summary>
    public SmtpRelay? Relay { get; init; }

    /// <summary>The delay after the first failed attempt; it doubles each attempt up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromHours(1);

    /// <summary>A recipient still deferred this long after the message arrived fails with 4.4.7.</summary>
    public TimeSpan MaxQueueAge { get; init; } = TimeSpan.FromDays(5);

    /// <summary>A delay DSN is sent once a recipient has been deferred this long after arrival; zero turns it off.</summary>
    public TimeSpan DelayNoticeAfter { get; init; } = TimeSpan.FromHours(4);

    /// <summary>At most this many connections to one destination (a domain's MX, or one next hop) at a time.</summary>
    public int MaxConnectionsPerDestination { get; init; } = 10;

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait for one reply or one write (MailKit's Timeout).</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A bounce that cannot be delivered is logged and dropped; false sends it to the local postmaster instead.</summary>
    public bool DropDoubleBounces { get; init; } = true;

    /// <summary>Without RET, a failure DSN returns the whole message up to this size, else only its headers.</summary>
    public long ReturnFullMaxBytes { get; init; } = 512 * 1024;

    /// <summary>The delay before the next try of a recipient that has failed <paramref name="attempts"/> times (1 or more).</summary>
    public TimeSpan RetryDelay(int attempts)
    {
        double ticks = FirstRetryDelay.Ticks * Math.Pow(2, Math.Max(attempts, 1) - 1);
        return ticks >= MaxRetryDelay.Ticks ? MaxRetryDelay : TimeSpan.FromTicks((long)ticks);
    }
}
