using System.Globalization;
using System.Text;

namespace Mizugiwa.Mailbox;

/// <summary>
/// Mailbox usage the Maildir++ way: the file <c>maildirsize</c> in the Maildir holds the quota
/// ("<c>NNNS</c>") on its first line, then lines of "<c>bytes count</c>" whose sums are the usage. A
/// delivery appends one line, so reading the usage is reading one small file, never a walk of the
/// Maildir. The file is made again by walking the Maildir (and its .Folders) when it is missing, longer
/// than 5120 bytes, names another quota, or says "over quota" and is older than 15 minutes (mail
/// readers that delete without updating it); the rules of Courier's maildirquota, which Dovecot follows too.
/// </summary>
public static class MaildirSize
{
    public const string FileName = "maildirsize";
    private const int MaxLength = 5120;
    private static readonly TimeSpan OverQuotaRecheck = TimeSpan.FromMinutes(15);

    /// <summary>The bytes stored in <paramref name="maildir"/> (the mailbox's root), keeping its maildirsize for <paramref name="quotaBytes"/>.</summary>
    public static long Usage(string maildir, long quotaBytes, TimeProvider time)
    {
        var path = Path.Combine(maildir, FileName);
        if (!Directory.Exists(maildir)) return 0;
        var definition = QuotaDefinition(quotaBytes);
        if (Read(path) is { } file && file.Length <= MaxLength && file.Definition == definition &&
            !(file.Bytes > quotaBytes && time.GetUtcNow() - File.GetLastWriteTimeUtc(path) > OverQuotaRecheck))
            return file.Bytes;
        return Recalculate(maildir, definition);
    }

    /// <summary>
    /// After a delivery into <paramref name="maildir"/> or one of its folders (positive) or a removal (negative, as
    /// Courier and Dovecot write "-bytes -count"): adds the change to maildirsize, when there is one; never throws for it.
    /// </summary>
    public static void Record(string maildir, long bytes, int count = 1)
    {
        if (count == 0) return;
        var root = RootOf(maildir);
        var path = Path.Combine(root, FileName);
        if (!File.Exists(path)) return;
        try
        {
            using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            stream.Write(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{bytes} {count}\n")));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The change is done; failing now would deliver or remove it twice. A file that cannot be
            // kept up to date is removed instead, so the next lookup counts the Maildir again.
            try { File.Delete(path); }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException) { }
        }
    }

    /// <summary>A folder's path is <c>root/.Name</c>; a mailbox's own directory never starts with '.' (see <see cref="MaildirLayout"/>).</summary>
    private static string RootOf(string maildir)
    {
        var trimmed = Path.TrimEndingDirectorySeparator(maildir);
        return Path.GetFileName(trimmed).StartsWith('.') ? Path.GetDirectoryName(trimmed)! : trimmed;
    }

    private static string QuotaDefinition(long quotaBytes) => quotaBytes.ToString(CultureInfo.InvariantCulture) + "S";

    private sealed record SizeFile(string Definition, long Bytes, long Length);

    private static SizeFile? Read(string path)
    {
        string text;
        try { text = File.ReadAllText(path, Encoding.ASCII); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return null; }
        var lines = text.Split('\n');
        long bytes = 0;
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0) continue;
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 1 || !long.TryParse(fields[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var size)) return null; // damaged: make it again
            bytes += size;
        }
        return new SizeFile(lines[0].Trim(), bytes, text.Length);
    }

    private static long Recalculate(string maildir, string definition)
    {
        long bytes = 0, count = 0;
        foreach (var folder in new[] { maildir }.Concat(Directory.EnumerateDirectories(maildir, ".*")))
            foreach (var sub in new[] { "cur", "new" })
            {
                var directory = Path.Combine(folder, sub);
                if (!Directory.Exists(directory)) continue;
                foreach (var file in new DirectoryInfo(directory).EnumerateFiles())
                {
                    bytes += SizeFromName(file.Name) ?? SafeLength(file);
                    count++;
                }
            }
        var temporary = Path.Combine(maildir, $"{FileName}.{Environment.ProcessId}.{Guid.NewGuid():N}");
        File.WriteAllText(temporary, string.Create(CultureInfo.InvariantCulture, $"{definition}\n{bytes} {count}\n"), Encoding.ASCII);
        File.Move(temporary, Path.Combine(maildir, FileName), overwrite: true);
        return bytes;
    }

    /// <summary>Maildir++ names may carry the size as ",S=bytes", which saves a stat.</summary>
    private static long? SizeFromName(string name)
    {
        int at = name.IndexOf(",S=", StringComparison.Ordinal);
        if (at < 0) return null;
        var digits = name.AsSpan(at + 3);
        int end = 0;
        while (end < digits.Length && char.IsAsciiDigit(digits[end])) end++;
        return long.TryParse(digits[..end], NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : null;
    }

    /// <summary>A message a reader moved or deleted meanwhile counts as nothing.</summary>
    private static long SafeLength(FileInfo file)
    {
        try { return file.Length; }
        catch (FileNotFoundException) { return 0; }
    }
}
