using System.Text;

namespace Mizugiwa.Imap.Tests.Support;

/// <summary>A temporary mail root with one user's Maildir; messages are dropped into new/ as delivery does.</summary>
internal sealed class TestMaildir : IDisposable
{
    public const string User = "alice@example.test";
    private static int s_count;

    public TestMaildir()
    {
        Root = Directory.CreateTempSubdirectory("mizugiwa-imap-").FullName;
        Inbox = Mizugiwa.Mailbox.MaildirLayout.PathFor(Root, User);
        foreach (var sub in new[] { "tmp", "new", "cur" }) Directory.CreateDirectory(Path.Combine(Inbox, sub));
    }

    public string Root { get; }
    public string Inbox { get; }

    /// <summary>Writes a message into new/ (or a folder's new/) and returns its path.</summary>
    public string Deliver(string message, string? folder = null, DateTime? time = null)
    {
        var maildir = folder is null ? Inbox : Path.Combine(Inbox, "." + folder);
        foreach (var sub in new[] { "tmp", "new", "cur" }) Directory.CreateDirectory(Path.Combine(maildir, sub));
        var name = $"{1700000000 + Interlocked.Increment(ref s_count)}.M1P1Q{s_count}.test";
        var path = Path.Combine(maildir, "new", name);
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes(message.ReplaceLineEndings("\r\n")));
        File.SetLastWriteTimeUtc(path, time ?? DateTime.UtcNow.AddHours(-1).AddSeconds(s_count));
        return path;
    }

    public static string Simple(string subject, string body = "Hello there.\n", string from = "Bob <bob@example.net>") =>
        $"From: {from}\nTo: alice@example.test\nSubject: {subject}\nDate: Sat, 05 Dec 2026 10:00:00 +0900\nMessage-Id: <{subject.Replace(' ', '-')}@example.net>\n\n{body}";

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}
