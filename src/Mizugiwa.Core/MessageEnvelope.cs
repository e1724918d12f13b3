namespace Mizugiwa.Core;

/// <summary>DSN RET parameter of MAIL FROM (RFC 3461 §4.3).</summary>
public enum DsnReturn { Unspecified, Full, Headers }

/// <summary>DSN NOTIFY parameter of RCPT TO (RFC 3461 §4.1), a set of flags; Never excludes the others.</summary>
[Flags]
public enum DsnNotify { Unspecified = 0, Never = 1, Success = 2, Failure = 4, Delay = 8 }

/// <summary>The envelope of one accepted message, stored next to its content in the queue.</summary>
public sealed class MessageEnvelope
{
    public required string QueueId { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public required string ClientAddress { get; init; }
    public string? ClientHelo { get; init; }
    /// <summary>The reverse-path; empty for the null sender &lt;&gt;.</summary>
    public required string Sender { get; init; }
    public DsnReturn Ret { get; init; }
    public string? EnvId { get; init; }
    public string? Body { get; init; }
    public bool SmtpUtf8 { get; init; }
    public long Size { get; init; }
    public List<EnvelopeRecipient> Recipients { get; init; } = [];
}

/// <summary>One delivery target: the address the client gave and the local mailbox it resolved to.</summary>
public sealed class EnvelopeRecipient
{
    /// <summary>The RCPT TO address as given by the client.</summary>
    public required string Address { get; init; }
    /// <summary>
    /// The local mailbox (account address, or "postmaster") the address resolved to; for a recipient
    /// that is delivered elsewhere (<see cref="Route"/> set) the address to deliver to.
    /// </summary>
    public required string Mailbox { get; init; }
    /// <summary>
    /// Where the recipient is delivered: null = the local Maildir of <see cref="Mailbox"/>;
    /// <see cref="Routes.Mx"/> = the MX of the recipient's domain (outbound mail of authenticated users);
    /// "smtp:host:port" or "lmtp:host:port" = a fixed next hop (gateway mode).
    /// </summary>
    public string? Route { get; init; }
    public DsnNotify Notify { get; init; }
    /// <summary>ORCPT as "addr-type;xtext", kept as received.</summary>
    public string? OriginalRecipient { get; init; }
    /// <summary>The mail folder to deliver to: null = the inbox, "Junk" = quarantine (Maildir++ ".Junk").</summary>
    public string? Folder { get; init; }
    /// <summary>Header lines ("Name: value\r\n" each) added for this recipient only at final delivery, e.g. the spam label.</summary>
    public string? AddedHeaders { get; init; }
    /// <summary>The tag put before the Subject for this recipient only at delivery (Content:SubjectTag on spam); null for none.</summary>
    public string? SubjectTag { get; init; }
    public bool Delivered { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}

/// <summary>The route names of <see cref="EnvelopeRecipient.Route"/>.</summary>
public static class Routes
{
    public const string Mx = "mx";
    public const string SmtpPrefix = "smtp:";
    public const string LmtpPrefix = "lmtp:";
}
