namespace Mizugiwa.Policy.Pipeline;

/// <summary>What to do when a check fails to answer (throws or runs out of time).</summary>
public enum CheckFailureMode { Pass, Defer }

public sealed class PipelineOptions
{
    /// <summary>As Postfix's smtpd_delay_reject: failures before RCPT are answered at RCPT.</summary>
    public bool DelayReject { get; init; } = true;
    /// <summary>Mail to postmaster@ is not refused by client, HELO or sender checks (RFC 5321 §4.5.1).</summary>
    public bool ExemptPostmaster { get; init; } = true;
    public TimeSpan CheckTimeout { get; init; } = TimeSpan.FromSeconds(15);
    public CheckFailureMode OnCheckFailure { get; init; } = CheckFailureMode.Defer;
}
