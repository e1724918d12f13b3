namespace Mizugiwa.Content.Attachments;

/// <summary>Which attachments are blocked, what that does, and the symbols' scores.</summary>
public sealed record AttachmentPolicyOptions
{
    /// <summary>Extensions that run code when opened on a common desktop.</summary>
    public static readonly IReadOnlyList<string> DefaultBlockedExtensions =
    [
        "exe", "scr", "pif", "bat", "cmd", "com", "js", "jse", "vbs", "vbe", "wsf", "wsh", "wsc", "hta", "msi", "msp",
        "msc", "cpl", "jar", "lnk", "ps1", "psm1", "reg", "iso", "img", "vhd", "vhdx", "chm", "scf", "inf",
        "application", "gadget", "appx", "msix", "appinstaller", "url",
    ];

    /// <summary>Lower-case, without the dot.</summary>
    public IReadOnlyList<string> BlockedExtensions { get; init; } = DefaultBlockedExtensions;

    public AttachmentAction Action { get; init; } = AttachmentAction.Reject;

    /// <summary>Look inside zip archives (entry names only).</summary>
    public bool InspectZip { get; init; } = true;

    /// <summary>A zip larger than this (decoded) is not opened.</summary>
    public long MaxZipBytes { get; init; } = 20 * 1024 * 1024;

    /// <summary>Entry names read per zip.</summary>
    public int MaxZipEntries { get; init; } = 500;

    public double BlockedScore { get; init; } = 8.0;
    public double DoubleExtensionScore { get; init; } = 3.0;
    public double NameLiesScore { get; init; } = 4.0;
    public double RtloScore { get; init; } = 4.0;
}
