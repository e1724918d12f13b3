using MimeKit;

namespace Mizugiwa.Content.Attachments;

/// <summary>
/// Judges a message's attachments (those of attached messages included, and the entry names of
/// zip archives): blocked extensions, double extensions, bidi-control tricks, and names that lie about
/// the content. See docs/ATTACHMENTS.md.
/// </summary>
public sealed class AttachmentPolicy(AttachmentPolicyOptions options)
{
    public const string Blocked = "ATTACHMENT_BLOCKED";
    public const string DoubleExtension = "ATTACHMENT_DOUBLE_EXT";
    public const string NameLies = "ATTACHMENT_NAME_LIES";
    public const string Rtlo = "ATTACHMENT_RTLO";

    private static readonly HashSet<string> DecoyExtensions = new(StringComparer.Ordinal)
    {
        "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "rtf", "csv", "odt", "ods",
        "jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "htm", "html", "zip", "rar", "7z",
        "mp3", "mp4", "wav", "avi", "mov", "eml", "msg",
    };

    /// <summary>Declared types that say "program"; under a name that is not blocked they are a lie about one or the other.</summary>
    private static readonly HashSet<string> ProgramTypes = new(StringComparer.Ordinal)
    {
        "application/x-msdownload", "application/x-msdos-program", "application/x-dosexec", "application/x-executable",
        "application/vnd.microsoft.portable-executable", "application/x-ms-shortcut", "application/hta", "application/x-ms-installer",
    };

    private readonly HashSet<string> _blocked = new(options.BlockedExtensions.Select(e => e.TrimStart('.').ToLowerInvariant()), StringComparer.Ordinal);

    public AttachmentPolicyOptions Options => options;

    public IReadOnlyList<AttachmentFinding> Evaluate(MessageParts parts)
    {
        var findings = new List<AttachmentFinding>();
        for (var i = 0; i < parts.Attachments.Count; i++)
        {
            var attachment = parts.Attachments[i];
            var key = KeyOf(attachment, i);
            var head = ReadHead(attachment.Part);
            var kind = FileMagic.Detect(head);
            if (attachment.FileName is { } fileName) CheckName(AttachmentName.Parse(fileName), key, fileName, findings);
            CheckContent(attachment, key, kind, findings);
            if (options.InspectZip && kind == FileKind.Zip) CheckZip(attachment, key, findings);
        }
        return findings;
    }

    /// <summary>The key <see cref="AttachmentStripper"/> finds an attachment by.</summary>
    public static string KeyOf(AttachmentInfo attachment, int index) =>
        string.IsNullOrEmpty(attachment.FileName) ? $"#{index}" : attachment.FileName;

    private void CheckName(AttachmentName name, string key, string shown, List<AttachmentFinding> findings)
    {
        var blocked = name.Extension is { } extension && _blocked.Contains(extension);
        if (blocked) findings.Add(new AttachmentFinding(key, Blocked, $"{shown}: .{name.Extension}", Blocks: true));
        if (blocked && (name.Padded || (name.InnerExtension is { } inner && DecoyExtensions.Contains(inner))))
            findings.Add(new AttachmentFinding(key, DoubleExtension, name.Padded ? $"{shown}: padded before .{name.Extension}" : $"{shown}: .{name.InnerExtension}.{name.Extension}", Blocks: true));
        if (name.HasBidiControl)
            findings.Add(new AttachmentFinding(key, Rtlo, $"{shown}: bidi control, really {name.Cleaned}", Blocks: blocked));
    }

    private void CheckContent(AttachmentInfo attachment, string key, FileKind kind, List<AttachmentFinding> findings)
    {
        var name = attachment.FileName is null ? null : AttachmentName.Parse(attachment.FileName);
        var extension = name?.Extension;
        if (extension is not null && _blocked.Contains(extension)) return; // already blocked for its name
        if (kind == FileKind.Unknown)
        {
            if (attachment.FileName is not null && ProgramTypes.Contains(attachment.ContentType))
                findings.Add(new AttachmentFinding(key, NameLies, $"{attachment.FileName} is declared {attachment.ContentType}", Blocks: true));
            return;
        }
        var promisedByName = FileMagic.ForExtension(extension);
        var promisedByType = FileMagic.ForContentType(attachment.ContentType);
        var shown = attachment.FileName ?? attachment.ContentType;
        if (kind is FileKind.Executable or FileKind.Shortcut
            || (kind == FileKind.Script && (promisedByName != FileKind.Unknown || promisedByType != FileKind.Unknown)))
        {
            findings.Add(new AttachmentFinding(key, NameLies, $"{shown} ({attachment.ContentType}) is {kind}", Blocks: true));
            return;
        }
        if (IsDisguisedContainer(promisedByName, kind) || IsDisguisedContainer(promisedByType, kind))
            findings.Add(new AttachmentFinding(key, NameLies, $"{shown} ({attachment.ContentType}) is {kind}", Blocks: false));
    }

    /// <summary>An archive or an Office container posing as a document or an image.</summary>
    private static bool IsDisguisedContainer(FileKind promised, FileKind actual) =>
        promised is FileKind.Pdf or FileKind.Png or FileKind.Jpeg or FileKind.Gif
        && actual is FileKind.Zip or FileKind.Rar or FileKind.SevenZip or FileKind.Ole2 or FileKind.Gzip;

    private void CheckZip(AttachmentInfo attachment, string key, List<AttachmentFinding> findings)
    {
        using var content = ReadAll(attachment.Part, options.MaxZipBytes);
        if (content is null) return;
        foreach (var entry in ZipEntryNames.Read(content, options.MaxZipEntries))
        {
            CheckName(AttachmentName.Parse(entry), key, $"{attachment.FileName ?? key}/{entry}", findings);
        }
    }

    private static byte[] ReadHead(MimePart part)
    {
        if (part.Content is null) return [];
        try
        {
            using var stream = part.Content.Open();
            var buffer = new byte[FileMagic.HeadLength];
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return buffer[..read];
        }
        catch (Exception e) when (e is IOException or FormatException or InvalidOperationException)
        {
            return [];
        }
    }

    /// <summary>The decoded content, or null when it is larger than <paramref name="limit"/>.</summary>
    private static MemoryStream? ReadAll(MimePart part, long limit)
    {
        if (part.Content is null) return null;
        var copy = new MemoryStream();
        try
        {
            using var stream = part.Content.Open();
            var buffer = new byte[81920];
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                if (copy.Length + read > limit) { copy.Dispose(); return null; }
                copy.Write(buffer, 0, read);
            }
        }
        catch (Exception e) when (e is IOException or FormatException or InvalidOperationException)
        {
            copy.Dispose();
            return null;
        }
        copy.Position = 0;
        return copy;
    }
}
