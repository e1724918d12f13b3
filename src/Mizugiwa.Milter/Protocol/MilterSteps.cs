namespace Mizugiwa.Milter.Protocol;

/// <summary>
/// The protocol steps of the negotiation (SMFIP_*): which commands the MTA leaves out (No…), to which the
/// milter does not reply (NoReplyTo…), and how header values are sent.
/// </summary>
[Flags]
internal enum MilterSteps : uint
{
    None = 0,
    NoConnect = 0x1,
    NoHelo = 0x2,
    NoMail = 0x4,
    NoRecipient = 0x8,
    NoBody = 0x10,
    NoHeaders = 0x20,
    NoEndOfHeaders = 0x40,
    NoReplyToHeaders = 0x80,
    NoUnknown = 0x100,
    NoData = 0x200,
    Skip = 0x400,
    RejectedRecipients = 0x800,
    NoReplyToConnect = 0x1000,
    NoReplyToHelo = 0x2000,
    NoReplyToMail = 0x4000,
    NoReplyToRecipient = 0x8000,
    NoReplyToData = 0x10000,
    NoReplyToUnknown = 0x20000,
    NoReplyToEndOfHeaders = 0x40000,
    NoReplyToBody = 0x80000,
    /// <summary>Header values keep the space after the colon (otherwise the MTA drops one leading space).</summary>
    HeaderLeadingSpace = 0x100000,
}

/// <summary>What the milter may do to the message (SMFIF_*).</summary>
[Flags]
internal enum MilterActions : uint
{
    None = 0,
    AddHeaders = 0x1,
    ChangeBody = 0x2,
    AddRecipients = 0x4,
    DeleteRecipients = 0x8,
    ChangeHeaders = 0x10,
    Quarantine = 0x20,
    ChangeSender = 0x40,
    AddRecipientsWithArguments = 0x80,
    SetMacroList = 0x100,
}
