using System.Globalization;

namespace Mizugiwa.Content.Attachments;

/// <summary>
/// A file name as Windows would treat it: invisible format characters (bidi overrides such as
/// U+202E, zero-width characters) removed, trailing dots and spaces dropped. "invoice\u202Efdp.exe"
/// shows as "invoiceexe.pdf" but is an .exe; "invoice.pdf            .exe" hides its real extension.
/// </summary>
public sealed record AttachmentName(string Original, string Cleaned, string? Extension, string? InnerExtension, bool HasBidiControl, bool Padded)
{
    public static AttachmentName Parse(string original)
    {
        var hasBidi = original.Any(IsBidiControl);
        var cleaned = new string(original.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format && !char.IsControl(c)).ToArray())
            .Trim().TrimEnd('.', ' ');
        var slash = cleaned.LastIndexOfAny(['/', '\\']); // zip entries carry folders
        var baseName = slash < 0 ? cleaned : cleaned[(slash + 1)..];
        var dot = baseName.LastIndexOf('.');
        if (dot <= 0) return new AttachmentName(original, cleaned, null, null, hasBidi, false);
        var extension = baseName[(dot + 1)..].Trim().ToLowerInvariant();
        var stem = baseName[..dot];
        var padded = stem.Length > 0 && char.IsWhiteSpace(stem[^1]);
        var trimmedStem = stem.TrimEnd();
        var innerDot = trimmedStem.LastIndexOf('.');
        var inner = innerDot <= 0 ? null : trimmedStem[(innerDot + 1)..].Trim().ToLowerInvariant();
        return new AttachmentName(original, cleaned, extension.Length == 0 ? null : extension, string.IsNullOrEmpty(inner) ? null : inner, hasBidi, padded);
    }

    private static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C';
}
