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

    /// <summary>
    /// Writes the message at <paramref name="sourcePath"/> to <paramref name="target"/> with its Subject tagged;
    /// returns false (writing nothing) when the Subject needs no tag.
    /// </summary>
    public static async Task<bool> CopyTaggedAsync(string sourcePath, long length, string tag, Stream target, CancellationToken cancellationToken)
    {
        if (await TagFileHeaderAsync(sourcePath, length, tag, cancellationToken) is not { } tagged)
            return false;
        await target.WriteAsync(tagged.Header, cancellationToken);
        await using var source = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        source.Position = tagged.Replaces;
        var buffer = new byte[64 * 1024];
        for (long remaining = length - tagged.Replaces; remaining > 0;)
        {
            var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken);
            if (read == 0) throw new IOException($"{sourcePath} ends {remaining} byte(s) early");
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            remaining -= read;
        }
        return true;
    }
}
