namespace Mizugiwa.Delivery.Outbound;

public enum RecipientOutcome { Delivered, Deferred, Failed }

/// <summary>
/// What one delivery attempt did for one recipient.
/// </summary>
/// <param name="Status">RFC 3463 status such as "2.0.0", "4.4.1" or "5.1.1".</param>
/// <param name="Diagnostic">The remote reply ("550 5.1.1 …") or our own explanation; null when delivered locally.</param>
/// <param name="RemoteMta">The host that gave <paramref name="Diagnostic"/>, when one did.</param>
/// <param name="FromSmtp">True when <paramref name="Diagnostic"/> is an SMTP reply (Diagnostic-Code: smtp).</param>
/// <param name="RemoteHandlesDsn">Delivered to a next hop that announced DSN: success notices are its job.</param>
public sealed record RecipientResult(
    RecipientOutcome Outcome,
    string Status,
    string? Diagnostic,
    string? RemoteMta = null,
    bool FromSmtp = false,
    bool RemoteHandlesDsn = false)
{
    public static RecipientResult Deferred(string status, string diagnostic, string? remoteMta = null, bool fromSmtp = false) =>
        new(RecipientOutcome.Deferred, status, diagnostic, remoteMta, fromSmtp);

    public static RecipientResult Failed(string status, string diagnostic, string? remoteMta = null, bool fromSmtp = false) =>
        new(RecipientOutcome.Failed, status, diagnostic, remoteMta, fromSmtp);

    /// <summary>The result of an SMTP reply: 2xx delivered, 4xx deferred, 5xx failed; the status from the enhanced code when there is one.</summary>
    public static RecipientResult FromReply(int code, string text, string remoteMta, bool remoteHandlesDsn = false)
    {
        string diagnostic = $"{code} {text}".Trim();
        string status = EnhancedStatus.From(code, text);
        return code switch
        {
            >= 200 and < 300 => new RecipientResult(RecipientOutcome.Delivered, status, diagnostic, remoteMta, true, remoteHandlesDsn),
            >= 500 and < 600 => Failed(status, diagnostic, remoteMta, fromSmtp: true),
            _ => Deferred(status, diagnostic, remoteMta, fromSmtp: true),
        };
    }
}
