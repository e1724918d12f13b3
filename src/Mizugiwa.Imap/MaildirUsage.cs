using System.Globalization;
using System.Text;
using Mizugiwa.Mailbox;

namespace Mizugiwa.Imap;

/// <summary>
/// Keeps the Maildir++ <c>maildirsize</c> file (the quota's usage, see MaildirSize) true when IMAP removes
/// mail: a line "<c>-bytes -count</c>" as Courier and Dovecot write. Added mail goes through MaildirSize.Record.
/// A file that cannot be appended to is removed, so the next lookup counts the Maildir again.
/// </summary>
internal static class MaildirUsage
{
    public static void Removed(string root, long bytes, int count)
    {
        if (count == 0) return;
        var path = Path.Combine(root, MaildirSize.FileName);
        if (!File.Exists(path)) return;
        try
        {
            using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            stream.Write(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"-{bytes} -{count}\n")));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(path); }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException) { }
        }
    }
}
