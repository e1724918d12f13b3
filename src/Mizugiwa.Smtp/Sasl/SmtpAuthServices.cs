using Mizugiwa.Core.State;

namespace Mizugiwa.Smtp.Sasl;

/// <summary>What AUTH needs, shared by all sessions of all listeners.</summary>
public sealed class SmtpAuthServices(ICredentialVerifier verifier, IStateStore state, SmtpAuthOptions options, TimeProvider time) : IDisposable
{
    public ICredentialVerifier Verifier { get; } = verifier;
    public PasswordCheckGate Passwords { get; } = new(verifier, options.ConcurrentPasswordChecks, options.PasswordCheckQueueTimeout, time);
    public AuthGuard Guard { get; } = new(state, options);
    public SendingLimits Limits { get; } = new(state, options);
    /// <summary>Tests fix the SCRAM server nonce to replay the RFC 7677 example; null = random.</summary>
    internal Func<string>? ScramServerNonce { get; init; }

    public void Dispose() => Passwords.Dispose();
}
