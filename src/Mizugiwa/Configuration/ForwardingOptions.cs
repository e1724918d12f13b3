namespace Mizugiwa.Configuration;

/// <summary>Forwarding of local mailboxes (section Forwarding; docs/FORWARDING.md).</summary>
public sealed class ForwardingOptions
{
    /// <summary>Rewrite the envelope sender of forwarded copies with SRS0 (and accept bounces to those addresses).</summary>
    public bool Srs { get; set; } = true;
    /// <summary>The SRS secret in base64 (at least 16 bytes); empty: kept in DataDirectory/srs.secret, made at first start. Every node must share it.</summary>
    public string SrsSecret { get; set; } = "";
    /// <summary>How many days a rewritten address is accepted for bounces.</summary>
    public int SrsMaxAgeDays { get; set; } = 21;
    /// <summary>A message with more Received headers than this is taken to loop and is not forwarded (kept in the mailbox).</summary>
    public int MaxReceivedHops { get; set; } = 30;
}
