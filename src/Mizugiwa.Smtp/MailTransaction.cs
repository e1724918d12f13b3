using Mizugiwa.Core;

namespace Mizugiwa.Smtp;

/// <summary>What one MAIL … DATA/BDAT transaction has gathered so far.</summary>
internal sealed class MailTransaction
{
    public required string Sender { get; init; }
    public DsnReturn Ret { get; init; }
    public string? EnvId { get; init; }
    public string? Body { get; init; }
    public bool SmtpUtf8 { get; init; }
    public List<EnvelopeRecipient> Recipients { get; } = [];
    /// <summary>Headers the checks asked for (e.g. X-Envelope-Information), written after our Received header.</summary>
    public List<Checks.AddedHeader> Headers { get; } = [];
    /// <summary>Number of accepted RCPT commands (an alias may add several recipients for one).</summary>
    public int AcceptedRcptCount { get; set; }
    /// <summary>RCPTs answered "User unknown".</summary>
    public int UnknownRcptCount { get; set; }
    /// <summary>RCPTs refused for any other reason (checks, relay, syntax, limits).</summary>
    public int RefusedRcptCount { get; set; }
    public bool DataReceived { get; set; }

    /// <summary>Set while BDAT chunks arrive.</summary>
    public ISpooledMessage? Chunked { get; set; }
    public MessageDataScanner? ChunkScanner { get; set; }
    public bool ChunkWriteFailed { get; set; }

    /// <summary>A copy of the content for the content filter while it fits its size limit; null without a filter.</summary>
    public ContentCapture? Capture { get; set; }
}
