using System.Globalization;
using Mizugiwa.Mailbox;

namespace Mizugiwa.Imap;

/// <summary>
/// Puts a message into a folder for APPEND and COPY the Maildir way: written and fsynced in tmp/, then
/// renamed into cur/ with its flags, so no reader sees half a message (and, being in cur/ already, it is \Recent
/// for no one: a client put it there itself). Names are unique like delivery's,
/// with 'I' where delivery has 'Q' so the two counters never meet.
/// </summary>
internal static class MaildirDrop
{
    private static readonly string HostName = Environment.MachineName.Replace("/", @"\057").Replace(":", @"\072");
    private static long s_count;

    /// <summary>The base name of the new message; <paramref name="keywordLetters"/> are its keywords' letters in the folder's <see cref="MaildirKeywords"/>.</summary>
    public static async Task<string> StoreAsync(string folder, string maildirRoot, Stream content, MessageFlags flags, string keywordLetters, DateTimeOffset internalDate,
        TimeProvider time, CancellationToken cancellationToken)
    {
        MaildirFolder.Create(folder);
        var now = time.GetUtcNow();
        var baseName = string.Create(CultureInfo.InvariantCulture,
            $"{now.ToUnixTimeSeconds()}.M{now.Millisecond * 1000 + now.Microsecond}P{Environment.ProcessId}I{Interlocked.Increment(ref s_count)}.{HostName}");
        var temporary = Path.Combine(folder, "tmp", baseName);
        long size;
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, cancellationToken);
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
                size = file.Length;
            }
            File.SetLastWriteTimeUtc(temporary, internalDate.UtcDateTime);
            File.Move(temporary, Path.Combine(folder, "cur", MessageFlagText.FileName(baseName, flags, keywordLetters: keywordLetters)));
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
        MaildirSize.Record(maildirRoot, size);
        MaildirChanges.Changed(folder);
        return baseName;
    }
}
