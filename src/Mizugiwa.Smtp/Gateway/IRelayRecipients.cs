using Mizugiwa.Core;

namespace Mizugiwa.Smtp.Gateway;

/// <summary>The answer for a recipient of a relay domain (gateway mode, docs/GATEWAY.md).</summary>
public enum RelayVerdict
{
    /// <summary>The next hop takes the address: accept it.</summary>
    Valid,
    /// <summary>Nobody is there: 550 5.1.1 at RCPT, so no bounce is ever made.</summary>
    Unknown,
    /// <summary>The answer is not known now (next hop down, 4xx, timeout): 450 4.4.0.</summary>
    Temporary,
}

/// <param name="Route">The next hop ("smtp:host:port" or "lmtp:host:port") the recipient is delivered to.</param>
/// <param name="Detail">For logs: where the answer came from (directory, probe, cache) and any remote reply.</param>
public sealed record RelayAnswer(RelayVerdict Verdict, string Route, string Detail);

/// <summary>
/// Gateway mode: the domains this server is the MX of and relays to a fixed next hop. The session
/// asks it before the local directory; a null answer means "not a relay domain".
/// </summary>
public interface IRelayRecipients
{
    /// <summary>Whether <paramref name="domain"/> is a relay domain (cheap, no I/O).</summary>
    bool IsRelayDomain(string domain);

    /// <summary>Validates a recipient of a relay domain; null when the domain is not one.</summary>
    ValueTask<RelayAnswer?> VerifyAsync(SmtpAddress address, CancellationToken cancellationToken);
}
