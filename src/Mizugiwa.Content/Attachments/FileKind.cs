namespace Mizugiwa.Content.Attachments;

/// <summary>What a file's first bytes say it is.</summary>
public enum FileKind
{
    Unknown,
    /// <summary>A Windows PE (MZ), ELF or Mach-O program.</summary>
    Executable,
    /// <summary>A Windows shortcut (.lnk header).</summary>
    Shortcut,
    /// <summary>A script: a #! line, a batch file, a Windows Script Host job, or script host calls.</summary>
    Script,
    Pdf,
    Png,
    Jpeg,
    Gif,
    Zip,
    /// <summary>OLE2 compound file: .doc, .xls, .ppt, .msi.</summary>
    Ole2,
    Rar,
    SevenZip,
    Gzip,
}
