namespace Mizugiwa.Content.Attachments;

/// <summary>
/// One problem with one attachment.
/// </summary>
/// <param name="Key">Names the attachment for <see cref="AttachmentStripper"/>: its file name, or "#n" (its index in MessageParts.Attachments) when it has none.</param>
/// <param name="Symbol">ATTACHMENT_BLOCKED, ATTACHMENT_DOUBLE_EXT, ATTACHMENT_NAME_LIES or ATTACHMENT_RTLO.</param>
/// <param name="Detail">What was seen, for logs.</param>
/// <param name="Blocks">The attachment is to be rejected or stripped under the configured action.</param>
public sealed record AttachmentFinding(string Key, string Symbol, string Detail, bool Blocks);
