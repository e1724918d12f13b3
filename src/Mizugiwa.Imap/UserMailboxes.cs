using Mizugiwa.Mailbox;

namespace Mizugiwa.Imap;

/// <summary>
/// The mailboxes of one user: INBOX is the Maildir itself, every other mailbox a Maildir++ folder
/// (<c>.Name</c>) with a plain name (letters, digits, '-', '_'; MaildirLayout.FolderPath), so a name can
/// never reach outside the user's Maildir. The hierarchy is flat.
/// </summary>
internal sealed class UserMailboxes(string maildir)
{
    public const string Delimiter = ".";
    public const string NameRule = "mailbox names are INBOX or letters, digits, '-' and '_' (no hierarchy)";

    public string Maildir { get; } = maildir;

    public static bool IsInbox(string name) => name.Equals("INBOX", StringComparison.OrdinalIgnoreCase);

    /// <summary>The folder's directory, or null when the name breaks the rule.</summary>
    public string? PathOf(string name)
    {
        if (IsInbox(name)) return Maildir;
        try { return MaildirLayout.FolderPath(Maildir, name); }
        catch (ArgumentException) { return null; }
    }

    /// <summary>The canonical name: INBOX in capitals, others as given.</summary>
    public static string Canonical(string name) => IsInbox(name) ? "INBOX" : name;

    public bool Exists(string name) => IsInbox(name) || (PathOf(name) is { } path && Directory.Exists(path));

    public IReadOnlyList<string> Names()
    {
        var names = new List<string> { "INBOX" };
        if (!Directory.Exists(Maildir)) return names;
        foreach (var directory in Directory.EnumerateDirectories(Maildir, ".*").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(directory)[1..];
            if (PathOf(name) is not null && !IsInbox(name)) names.Add(name);
        }
        return names;
    }

    public void EnsureInbox() => MaildirFolder.Create(Maildir);

    public void Create(string name)
    {
        var path = PathOf(name)!;
        MaildirFolder.Create(path);
        // Maildir++: marks a folder for readers that look for it (Courier, Dovecot).
        File.WriteAllBytes(System.IO.Path.Combine(path, "maildirfolder"), []);
    }

    public void Delete(string name)
    {
        var path = PathOf(name)!;
        var (bytes, count) = Usage(path);
        Directory.Delete(path, recursive: true);
        MaildirSize.Record(Maildir, -bytes, -count);
    }

    public void Rename(string from, string to) => Directory.Move(PathOf(from)!, PathOf(to)!);

    private static (long Bytes, int Count) Usage(string folder)
    {
        long bytes = 0;
        int count = 0;
        foreach (var sub in new[] { "new", "cur" })
        {
            var directory = System.IO.Path.Combine(folder, sub);
            if (!Directory.Exists(directory)) continue;
            foreach (var file in new DirectoryInfo(directory).EnumerateFiles())
            {
                bytes += file.Length;
                count++;
            }
        }
        return (bytes, count);
    }
}
