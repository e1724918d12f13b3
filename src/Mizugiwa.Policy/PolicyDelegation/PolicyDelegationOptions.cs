namespace Mizugiwa.Policy.PolicyDelegation;

/// <summary>Limits of the Postfix policy delegation protocol server (one connection per Postfix smtpd).</summary>
public sealed class PolicyDelegationOptions
{
    /// <summary>Longest attribute line in bytes, without its LF. Postfix's own attributes are far shorter.</summary>
    public int MaxLineLength { get; init; } = 4096;

    /// <summary>Most attributes in one request; Postfix 3.7 sends about 30.</summary>
    public int MaxAttributes { get; init; } = 100;

    /// <summary>Once the first byte of a request has arrived, the rest of it must arrive within this time.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a connection may wait for its next request. Postfix closes an idle policy connection
    /// after smtpd_policy_service_max_idle (300 s), so by default it is Postfix that closes first.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(330);

    /// <summary>
    /// The most a decision may take. Postfix gives up after smtpd_policy_service_timeout (100 s); each
    /// check has its own, shorter, timeout in the pipeline.
    /// </summary>
    public TimeSpan DecisionTimeout { get; init; } = TimeSpan.FromSeconds(90);
}
