using System.Text;
using MimeKit.Utils;

namespace Mizugiwa.Delivery;

/// <summary>
/// Prefixes the Subject with the spam tag a recipient's filter mode asked for (Content:SubjectTag),
/// e.g. "[SPAM] ". An RFC 2047 encoded Subject stays valid: the tag is plain text (or, when it is
/// not ASCII, an encoded-word of its own) separated from the encoded words by a space. A Subject
/// that already starts with the tag (decoded) is left alone; a message without one gets one.
/// </summary>
internal static class SubjectTag
{
    /// <summary>
    /// The header section of the first <paramref name="length"/> bytes of <paramref name="path"/> with the tagged
    /// Subject, and how many bytes of the file it stands for; null when nothing changes.
    /// </summary>
    public static async Task<(byte[] Header, int Replaces)?> TagFileHeaderAsync(string path, long length, string tag, CancellationToken cancellationToken) =>
        await HeaderBlock.ReadAsync(path, length, cancellationToken) is { } header && TagHeader(header, tag) is { } tagged
            ? (tagged, header.Length)
            : null;

    /// <summary>The header section with the tagged Subject, or null when nothing changes (already tagged, or no header section found).</summary>
    public static byte[]? TagHeader(HeaderBlock header, string tag)
    {
        var subject = header.Fields.FirstOrDefault(f => f.Name.Equals("Subject", StringComparison.OrdinalIgnoreCase));
        if (subject is not null && Rfc2047.DecodeText(Encoding.UTF8.GetBytes(subject.Value)).StartsWith(tag, StringComparison.OrdinalIgnoreCase))
            return null;
        var encodedTag = Ascii.IsValid(tag) ? tag : Encoding.ASCII.GetString(Rfc2047.EncodeText(Encoding.UTF8, tag));
        var line = subject is null
            ? $"Subject: {encodedTag}\r\n"
            : $"Subject: {encodedTag} {OriginalValue(header, subject)}";
        using var output = new MemoryStream(header.Length + line.Length);
        var start = subject?.Start ?? header.Length;
        output.Write(header.Bytes, 0, start);
        output.Write(Encoding.UTF8.GetBytes(line));
        var rest = subject?.End ?? header.Length;
        output.Write(header.Bytes, rest, header.Length - rest);
        return output.ToArray();
    }

    /// <summary>The raw value after the colon, folds and line end included.</summary>
    private static string OriginalValue(HeaderBlock header, HeaderBlock.Field subject)
    {
        var raw = Encoding.UTF8.GetString(header.Bytes, subject.Start, subject.End - subject.Start);
        return raw[(raw.IndexOf(':', StringComparison.Ordinal) + 1)..].TrimStart(' ', '\t');
    }
}
