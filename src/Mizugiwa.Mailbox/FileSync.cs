using System.Runtime.InteropServices;

namespace Mizugiwa.Mailbox;

/// <summary>
/// The blocking fsync calls behind <see cref="GroupCommitter"/>: a file's data, and a directory so
/// that a rename or a new file's name survives a crash (without it a crash can lose a file whose data was synced).
/// </summary>
internal static class FileSync
{
    /// <summary>Writes the stream's buffer and fsyncs the file.</summary>
    public static void FlushToDisk(FileStream stream) => stream.Flush(flushToDisk: true);

    /// <summary>Fsyncs a directory. Does nothing off Linux.</summary>
    /// <exception cref="IOException">The directory could not be opened or synced.</exception>
    public static void SyncDirectory(string path)
    {
        if (!OperatingSystem.IsLinux()) return;
        int fd = LibC.Open(path, LibC.ReadOnly);
        if (fd < 0) throw Failure("open", path);
        try
        {
            if (LibC.FSync(fd) < 0) throw Failure("fsync", path);
        }
        finally
        {
            LibC.Close(fd);
        }
    }

    private static IOException Failure(string call, string path) =>
        new($"{call} {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
}
