using System.Collections.Concurrent;
using System.Collections.Immutable;
using Mizugiwa.Mailbox;

namespace Mizugiwa.Imap;

/// <summary>
/// One Maildir folder seen through IMAP: looks at new/ and cur/, gives files it has not seen before the
/// next UIDs (oldest first), forgets the ones that are gone, and keeps the list on disk. Delivery may add
/// files at any time; a file keeps its UID when it moves from new/ to cur/ or changes flags, because the
/// UID belongs to its base name. Sessions take turns per folder: threads of this process on a monitor,
/// other processes (a second server on the same Maildir storage) on a lock file beside the UID list; the
/// folder's keyword names (<see cref="MaildirKeywords"/>) are written on the same turn. A read-write look
/// claims what is in new/, which makes it \Recent for the one who looked.
/// </summary>
internal static class MaildirFolder
{
    public const string LockFileName = "mizugiwa-uidlist.lock";
    /// <summary>How long a session waits for another process's turn; a turn is one listing and rewrite of the UID list.</summary>
    private static readonly TimeSpan OtherProcessWait = TimeSpan.FromSeconds(5);
    private static readonly ConcurrentDictionary<string, object> Locks = new(StringComparer.Ordinal);

    public static object LockFor(string folder) => Locks.GetOrAdd(Path.GetFullPath(folder), _ => new object());

    public static void Create(string folder)
    {
        foreach (var sub in new[] { "tmp", "new", "cur" }) Directory.CreateDirectory(Path.Combine(folder, sub));
    }

    /// <summary>
    /// The folder now. With <paramref name="claimNew"/> (a read-write session) files in new/ move to cur/,
    /// which tells other readers the mail has been seen by a client; their UIDs stay. The caller that moves a file
    /// is the first to see it, so those messages are \Recent for it and for no one else (RFC 3501 §2.3.2): they
    /// are the snapshot's <see cref="FolderSnapshot.Recent"/>. Without <paramref name="claimNew"/> that set holds the
    /// messages still in new/, recent for whoever claims them, which a read-only look may show but not take.
    /// </summary>
    public static FolderSnapshot Sync(string folder, TimeProvider time, bool claimNew = false)
    {
        lock (LockFor(folder))
        {
            using var turn = OtherProcessesWait(folder);
            var list = UidList.Load(folder, time);
            var keywords = MaildirKeywords.Load(folder);
            var files = Files(folder);
            var recent = claimNew ? ClaimNew(folder, ref files) : [.. files.Where(f => InNew(f.Path)).Select(f => f.BaseName)];
            bool changed = !File.Exists(Path.Combine(folder, UidList.FileName)) && Directory.Exists(folder);
            var present = new HashSet<string>(files.Select(f => f.BaseName), StringComparer.Ordinal);
            foreach (var gone in list.Uids.Keys.Where(k => !present.Contains(k)).ToList())
            {
                list.Uids.Remove(gone);
                changed = true;
            }
            foreach (var file in files.Where(f => !list.Uids.ContainsKey(f.BaseName))
                         .OrderBy(f => SafeWriteTime(f.Path)).ThenBy(f => f.BaseName, StringComparer.Ordinal))
            {
                list.Uids[file.BaseName] = list.UidNext++;
                changed = true;
            }
            if (changed && Directory.Exists(folder)) list.Save(folder);
            var messages = files.Select(f => Message(list.Uids[f.BaseName], f, keywords)).OrderBy(m => m.Uid).ToList();
            return new FolderSnapshot(list.UidValidity, list.UidNext, messages, keywords, recent.Select(name => list.Uids[name]).ToHashSet());
        }
    }

    private static MaildirMessage Message(long uid, FileEntry file, MaildirKeywords keywords)
    {
        var name = Path.GetFileName(file.Path);
        return new MaildirMessage(uid, file.BaseName, file.Path, MessageFlagText.FromFileName(name), keywords.FromFileName(name));
    }

    private static bool InNew(string path) => Path.GetFileName(Path.GetDirectoryName(path)) == "new";

    /// <summary>
    /// The folder's keyword list with <paramref name="names"/> in it, as far as its 26 letters go; the names left out are
    /// in <paramref name="refused"/>. The file is written only when it grows, and then on the folder's turn (this
    /// process's monitor and the lock file other processes take), read again first, so two sessions adding names at
    /// once both find theirs in it.
    /// </summary>
    public static MaildirKeywords AddKeywords(string folder, IEnumerable<string> names, out List<string> refused)
    {
        var wanted = names.Distinct(Keyword.Comparer).ToList();
        var keywords = MaildirKeywords.Load(folder);
        refused = [];
        if (wanted.All(keywords.Contains)) return keywords;
        // Writing would make tmp/ again in a folder another session deleted.
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"the folder {folder} is gone");
        lock (LockFor(folder))
        {
            using var turn = OtherProcessesWait(folder);
            keywords = MaildirKeywords.Load(folder);
            var grown = keywords.With(wanted, out refused);
            if (!ReferenceEquals(grown, keywords)) grown.Save(folder);
            return grown;
        }
    }

    /// <summary>The folder's lock file, taken; null when the folder does not exist (nothing to write then).</summary>
    /// <exception cref="LockBusyException">Another process kept it longer than <see cref="OtherProcessWait"/>.</exception>
    private static ExclusiveFileLock? OtherProcessesWait(string folder) =>
        Directory.Exists(folder) ? ExclusiveFileLock.Take(Path.Combine(folder, LockFileName), OtherProcessWait) : null;

    private sealed record FileEntry(string BaseName, string Path);

    private static List<FileEntry> Files(string folder)
    {
        var files = new Dictionary<string, FileEntry>(StringComparer.Ordinal);
        foreach (var sub in new[] { "new", "cur" })
        {
            var directory = Path.Combine(folder, sub);
            if (!Directory.Exists(directory)) continue;
            foreach (var path in Directory.EnumerateFiles(directory))
            {
                var name = Path.GetFileName(path);
                if (name.StartsWith('.')) continue;
                var baseName = BaseNameOf(name);
                // The same base name in both (a move caught half-way by a listing): one message, the cur/ one.
                if (!files.ContainsKey(baseName) || sub == "cur") files[baseName] = new FileEntry(baseName, path);
            }
        }
        return [.. files.Values];
    }

    public static string BaseNameOf(string fileName)
    {
        int colon = fileName.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? fileName : fileName[..colon];
    }

    /// <summary>Moves the files in new/ to cur/; the base names moved, which are now \Recent for the caller.</summary>
    private static HashSet<string> ClaimNew(string folder, ref List<FileEntry> files)
    {
        var cur = Path.Combine(folder, "cur");
        Directory.CreateDirectory(cur);
        var result = new List<FileEntry>(files.Count);
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (!InNew(file.Path))
            {
                result.Add(file);
                continue;
            }
            var name = Path.GetFileName(file.Path);
            var target = Path.Combine(cur, name + (name.Contains(':', StringComparison.Ordinal) ? "" : ":2,"));
            try
            {
                File.Move(file.Path, target);
                result.Add(file with { Path = target });
                claimed.Add(file.BaseName);
            }
            catch (FileNotFoundException) { } // taken by another reader in between
            catch (IOException) { result.Add(file); }
        }
        files = result;
        return claimed;
    }

    private static DateTime SafeWriteTime(string path)
    {
        try { return File.GetLastWriteTimeUtc(path); }
        catch (IOException) { return DateTime.MaxValue; }
    }

    /// <summary>
    /// Gives a message new flags by renaming its file into cur/; false when the file is gone (expunged
    /// by another session). Looks the file up again by base name when it was renamed elsewhere. With
    /// <paramref name="keywords"/> (names <paramref name="list"/> has) the message's keyword letters become theirs;
    /// without, the letters stay as they are.
    /// </summary>
    public static bool SetFlags(string folder, MaildirMessage message, MessageFlags flags, ImmutableSortedSet<string>? keywords = null, MaildirKeywords? list = null)
    {
        if (keywords is not null && list is null) throw new ArgumentNullException(nameof(list), "keywords need the folder's keyword list");
        lock (LockFor(folder))
        {
            for (int attempt = 0; attempt < 2; attempt++)
            {
                var oldName = Path.GetFileName(message.Path);
                var name = keywords is null
                    ? MessageFlagText.FileName(message.BaseName, flags, oldName)
                    : MessageFlagText.FileName(message.BaseName, flags, oldName, list!.LettersOf(keywords), list);
                var target = Path.Combine(folder, "cur", name);
                try
                {
                    if (target != message.Path)
                    {
                        File.Move(message.Path, target);
                        MaildirChanges.Changed(folder);
                    }
                    message.Path = target;
                    message.Flags = flags;
                    if (keywords is not null) message.Keywords = list!.Spelled(keywords);
                    return true;
                }
                catch (FileNotFoundException)
                {
                    if (Files(folder).FirstOrDefault(f => f.BaseName == message.BaseName) is not { } moved) return false;
                    message.Path = moved.Path;
                }
                catch (DirectoryNotFoundException) { return false; }
            }
            return false;
        }
    }

    /// <summary>Finds a message's file again by its base name after it may have been renamed; null when gone.</summary>
    public static string? Locate(string folder, MaildirMessage message)
    {
        if (File.Exists(message.Path)) return message.Path;
        lock (LockFor(folder)) return Files(folder).FirstOrDefault(f => f.BaseName == message.BaseName)?.Path;
    }
}
