using MimeKit;

namespace Mizugiwa.Content;

/// <summary>
/// The result of walking a message's MIME tree within limits: the decoded text of every text part,
/// HTML turned into text (its source kept for URL extraction), and the attachments.
/// </summary>
public sealed class MessageParts
{
    public required IReadOnlyList<TextSection> Texts { get; init; }
    public required IReadOnlyList<AttachmentInfo> Attachments { get; init; }
    /// <summary>Every leaf part visited (text and attachments), in document order.</summary>
    public required IReadOnlyList<MimeEntity> Leaves { get; init; }
    /// <summary>The tree was deeper than the limit; parts below it were not visited.</summary>
    public bool DepthLimitReached { get; init; }
    /// <summary>The tree had more parts than the limit; the rest were not visited.</summary>
    public bool PartLimitReached { get; init; }
    /// <summary>Names of charsets that could not be decoded (the text was decoded as Latin-1 / UTF-8 best effort).</summary>
    public IReadOnlyList<string> UndecodableCharsets { get; init; } = [];
}

/// <param name="Text">The decoded text (plain text, or HTML turned into text).</param>
/// <param name="Html">The HTML source when the part was HTML, else null.</param>
/// <param name="DeclaredCharset">The charset the part declared, or null.</param>
/// <param name="Part">The MIME part it came from.</param>
public sealed record TextSection(string Text, string? Html, string? DeclaredCharset, MimePart Part);

/// <param name="FileName">The file name from Content-Disposition or Content-Type name, or null.</param>
/// <param name="ContentType">The declared MIME type, lower-case (e.g. "application/pdf").</param>
/// <param name="Part">The MIME part; its content can be decoded for scanning.</param>
public sealed record AttachmentInfo(string? FileName, string ContentType, MimePart Part);
