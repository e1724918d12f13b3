namespace Mizugiwa.Content.Attachments;

/// <summary>What a blocked attachment does to its message.</summary>
public enum AttachmentAction
{
    /// <summary>Only the symbols and their scores.</summary>
    Score,
    /// <summary>The symbols, and the part is listed for stripping (ATTACHMENT_STRIP, see <see cref="AttachmentStripper"/>).</summary>
    Strip,
    /// <summary>The symbols, and the message is refused (<see cref="ContentAction.Reject"/>).</summary>
    Reject,
}
