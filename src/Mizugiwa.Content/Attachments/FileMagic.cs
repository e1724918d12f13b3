using System.Text;

namespace Mizugiwa.Content.Attachments;

/// <summary>Recognises a file by its first bytes, and says what an extension or a declared type promises.</summary>
public static class FileMagic
{
    /// <summary>How many leading bytes <see cref="Detect"/> looks at.</summary>
    public const int HeadLength = 4096;

    private static readonly (byte[] Magic, FileKind Kind)[] Signatures =
    [
        ("MZ"u8.ToArray(), FileKind.Executable),
        ([0x7f, (byte)'E', (byte)'L', (byte)'F'], FileKind.Executable),
        ([0xfe, 0xed, 0xfa, 0xce], FileKind.Executable),
        ([0xfe, 0xed, 0xfa, 0xcf], FileKind.Executable),
        ([0xce, 0xfa, 0xed, 0xfe], FileKind.Executable),
        ([0xcf, 0xfa, 0xed, 0xfe], FileKind.Executable),
        ([0x4c, 0x00, 0x00, 0x00, 0x01, 0x14, 0x02, 0x00], FileKind.Shortcut),
        ("%PDF-"u8.ToArray(), FileKind.Pdf),
        ([0x89, (byte)'P', (byte)'N', (byte)'G'], FileKind.Png),
        ([0xff, 0xd8, 0xff], FileKind.Jpeg),
        ("GIF8"u8.ToArray(), FileKind.Gif),
        ([(byte)'P', (byte)'K', 0x03, 0x04], FileKind.Zip),
        ([(byte)'P', (byte)'K', 0x05, 0x06], FileKind.Zip),
        ([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], FileKind.Ole2),
        ("Rar!"u8.ToArray(), FileKind.Rar),
        ([(byte)'7', (byte)'z', 0xbc, 0xaf, 0x27, 0x1c], FileKind.SevenZip),
        ([0x1f, 0x8b], FileKind.Gzip),
    ];

    private static readonly string[] ScriptStarts = ["#!", "@echo off", "<job", "<package", "<script", "<hta:"];
    private static readonly string[] ScriptCalls = ["WScript.", "ActiveXObject", "CreateObject(", "powershell -", "Invoke-Expression"];

    public static FileKind Detect(ReadOnlySpan<byte> head)
    {
        foreach (var (magic, kind) in Signatures)
        {
            if (head.StartsWith(magic)) return kind;
        }
        var text = Encoding.Latin1.GetString(head[..Math.Min(head.Length, HeadLength)]).TrimStart('\uFEFF', '\u00EF', '\u00BB', '\u00BF', ' ', '\t', '\r', '\n');
        if (ScriptStarts.Any(s => text.StartsWith(s, StringComparison.OrdinalIgnoreCase))) return FileKind.Script;
        if (ScriptCalls.Any(s => text.Contains(s, StringComparison.OrdinalIgnoreCase))) return FileKind.Script;
        return FileKind.Unknown;
    }

    /// <summary>Runs code when opened.</summary>
    public static bool IsRunnable(FileKind kind) => kind is FileKind.Executable or FileKind.Shortcut or FileKind.Script;

    /// <summary>The kind a file with this extension has, or Unknown when the extension promises nothing checkable.</summary>
    public static FileKind ForExtension(string? extension) => extension switch
    {
        "pdf" => FileKind.Pdf,
        "png" => FileKind.Png,
        "jpg" or "jpeg" or "jpe" => FileKind.Jpeg,
        "gif" => FileKind.Gif,
        "zip" or "docx" or "xlsx" or "pptx" or "odt" or "ods" or "odp" => FileKind.Zip,
        "doc" or "xls" or "ppt" => FileKind.Ole2,
        "rar" => FileKind.Rar,
        "7z" => FileKind.SevenZip,
        "gz" or "tgz" => FileKind.Gzip,
        _ => FileKind.Unknown,
    };

    /// <summary>The kind a declared MIME type promises, or Unknown.</summary>
    public static FileKind ForContentType(string contentType) => contentType switch
    {
        "application/pdf" => FileKind.Pdf,
        "image/png" => FileKind.Png,
        "image/jpeg" or "image/jpg" or "image/pjpeg" => FileKind.Jpeg,
        "image/gif" => FileKind.Gif,
        "application/zip" or "application/x-zip-compressed" => FileKind.Zip,
        "application/msword" or "application/vnd.ms-excel" or "application/vnd.ms-powerpoint" => FileKind.Ole2,
        _ => FileKind.Unknown,
    };
}
