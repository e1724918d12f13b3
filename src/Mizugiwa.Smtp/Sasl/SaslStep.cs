namespace Mizugiwa.Smtp.Sasl;

public enum SaslOutcome
{
    /// <summary>Send the challenge (334) and feed the client's answer to the next step.</summary>
    Challenge,
    /// <summary>Authenticated as <see cref="SaslStep.Account"/>.</summary>
    Success,
    /// <summary>Wrong credentials, unknown user or a malformed exchange: 535 5.7.8.</summary>
    Failure,
    /// <summary>The credentials could not be checked now (directory down, too busy): 454 4.7.0.</summary>
    TemporaryFailure,
}

/// <summary>One step of a SASL exchange as the server sees it.</summary>
/// <param name="User">The user name the client claimed, once known (for counting and logging failures).</param>
public readonly record struct SaslStep(SaslOutcome Outcome, byte[]? Challenge = null, string? Account = null, string? User = null)
{
    public static SaslStep Ask(byte[] challenge, string? user = null) => new(SaslOutcome.Challenge, challenge, null, user);
    public static SaslStep Succeeded(string account) => new(SaslOutcome.Success, null, account, account);
    public static SaslStep Failed(string? user) => new(SaslOutcome.Failure, null, null, user);
    public static SaslStep Unavailable(string? user) => new(SaslOutcome.TemporaryFailure, null, null, user);
}

/// <summary>
/// The server side of one SASL exchange. The first call gets the AUTH command's initial response
/// (null when there was none); every later call gets the client's decoded answer to a challenge.
/// </summary>
public interface ISaslExchange
{
    ValueTask<SaslStep> StepAsync(byte[]? response, CancellationToken cancellationToken);
}
