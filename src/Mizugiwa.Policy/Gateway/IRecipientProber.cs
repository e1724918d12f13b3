namespace Mizugiwa.Policy.Gateway;

public enum ProbeOutcome
{
    /// <summary>RCPT got 2xx.</summary>
    Accepted,
    /// <summary>RCPT got 5xx.</summary>
    Rejected,
    /// <summary>4xx, timeout, connection failure or a protocol error before RCPT.</summary>
    Temporary,
}

/// <param name="Reply">The remote reply (or the local error) for logs.</param>
public sealed record ProbeResult(ProbeOutcome Outcome, string Reply);

/// <summary>Asks a next hop whether it takes an address (connect, EHLO/LHLO, MAIL FROM:&lt;&gt;, RCPT TO, RSET, QUIT).</summary>
public interface IRecipientProber
{
    Task<ProbeResult> ProbeAsync(NextHop hop, string address, CancellationToken cancellationToken);
}
