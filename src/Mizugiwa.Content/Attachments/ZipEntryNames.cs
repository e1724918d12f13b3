using System.IO.Compression;

namespace Mizugiwa.Content.Attachments;

/// <summary>The entry names of a zip archive (its central directory only: nothing is decompressed).</summary>
public static class ZipEntryNames
{
    /// <summary>At most <paramref name="maxEntries"/> names; empty when the data is not a readable zip.</summary>
    public static IReadOnlyList<string> Read(Stream seekableZip, int maxEntries)
    {
        try
        {
            using var archive = new ZipArchive(seekableZip, ZipArchiveMode.Read, leaveOpen: true);
            return archive.Entries.Take(maxEntries).Select(e => e.FullName).ToList();
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException or ArgumentException)
        {
            return [];
        }
    }
}
