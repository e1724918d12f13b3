using Microsoft.Extensions.Logging;
using Mizugiwa.Core;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Smtp;

/// <summary>What every session of one listener shares.</summary>
public sealed class SmtpServices(
    SmtpSessionOptions options,
    IRecipientDirectory directory,
    IMessageSpool spool,
    TimeProvider time,
    ILogger logger,
    CancellationToken sessionEnd,
    ISmtpPolicy? policy = null,
    IDecisionLog? decisionLog = null,
    Sasl.SmtpAuthServices? auth = null,
    Gateway.IRelayRecipients? relay = null,
    IContentFilter? contentFilter = null)
{
    /// <summary>The content level, asked at the end of DATA; null when there is none.</summary>
    public IContentFilter? ContentFilter { get; } = contentFilter;
    /// <summary>Reverses our SRS0 addresses at RCPT (bounces of forwarded mail); null: they are unknown users.</summary>
    public SenderRewriting? Srs { get; init; }
    /// <summary>Gateway mode's relay domains; null when there are none.</summary>
    public Gateway.IRelayRecipients? Relay { get; } = relay;
    /// <summary>AUTH (verifier, brute-force guard, sending limits); null means AUTH is never offered.</summary>
    public Sasl.SmtpAuthServices? Auth { get; } = auth;
    public ISmtpPolicy Policy { get; } = policy ?? NoPolicy.Instance;
    public IDecisionLog DecisionLog { get; } = decisionLog ?? NoDecisionLog.Instance;
    public SmtpSessionOptions Options { get; } = options;
    public IRecipientDirectory Directory { get; } = directory;
    public IMessageSpool Spool { get; } = spool;
    public TimeProvider Time { get; } = time;
    public ILogger Logger { get; } = logger;
    /// <summary>Fires when running sessions must end (the shutdown deadline has passed); they say 421.</summary>
    public CancellationToken SessionEnd { get; } = sessionEnd;
}
