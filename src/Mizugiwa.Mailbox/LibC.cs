using System.Runtime.InteropServices;

namespace Mizugiwa.Mailbox;

/// <summary>The few libc calls .NET does not offer: .NET refuses to open a directory as a file.</summary>
internal static partial class LibC
{
    /// <summary>
    /// O_RDONLY. O_DIRECTORY is left out on purpose: its value differs between CPU architectures,
    /// and opening a directory read-only works without it.
    /// </summary>
    public const int ReadOnly = 0;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int FSync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}
