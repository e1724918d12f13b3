using System.Globalization;
using Mizugiwa.Mailbox;

namespace Mizugiwa.Imap;

/// <summary>
/// The selected state: CHECK, CLOSE, UNSELECT, EXPUNGE, SEARCH, FETCH, STORE, COPY and MOVE (with their UID
/// forms), and the untagged updates (EXISTS, EXPUNGE, FETCH FLAGS) when the folder changed under us.
/// </summary>
internal sealed partial class ImapSession
{
    private SelectedFolder? _selected;

    private SelectedFolder Selected => _selected!;

    /// <summary>
    /// Tells the client what changed since it last heard: the keyword list, expunged messages, flag changes, new messages
    /// (with RECENT: a read-write session claims what is in new/, which makes it \Recent for this session alone).
    /// </summary>
    private void ReportChanges()
    {
        var folder = Selected;
        var now = MaildirFolder.Sync(folder.Path, _services.Time, claimNew: !folder.ReadOnly);
        ReportKeywords(now.Keywords);
        var current = now.Messages.ToDictionary(m => m.Uid);
        for (int i = folder.Messages.Count - 1; i >= 0; i--)
        {
            if (current.ContainsKey(folder.Messages[i].Uid)) continue;
            folder.Recent.Remove(folder.Messages[i].Uid);
            folder.Messages.RemoveAt(i);
            _output.Line($"* {i + 1} EXPUNGE");
        }
        for (int i = 0; i < folder.Messages.Count; i++)
        {
            var known = folder.Messages[i];
            var fresh = current[known.Uid];
            known.Path = fresh.Path;
            if (fresh.Flags == known.Flags && fresh.Keywords.SetEquals(known.Keywords)) continue;
            known.Flags = fresh.Flags;
            known.Keywords = fresh.Keywords;
            _output.Line($"* {i + 1} FETCH (UID {known.Uid} FLAGS {folder.FlagsOf(known)})");
        }
        long largest = folder.LargestUid;
        var added = now.Messages.Where(m => m.Uid > largest).ToList();
        // A read-write look claimed them (recent here alone); a read-only one shows those still in new/.
        folder.Recent.UnionWith(folder.ReadOnly ? added.Select(m => m.Uid).Where(now.Recent.Contains) : now.Recent);
        if (added.Count == 0) return;
        folder.Messages.AddRange(added);
        _output.Line($"* {folder.Messages.Count} EXISTS");
        _output.Line($"* {folder.Recent.Count} RECENT");
    }

    private string Check(ImapParser parser)
    {
        parser.End();
        ReportChanges();
        return "OK CHECK completed";
    }

    private string Close(ImapParser parser, bool expunge)
    {
        parser.End();
        if (expunge && !Selected.ReadOnly) RemoveDeleted(null, report: false);
        _selected = null;
        return expunge ? "OK CLOSE completed" : "OK UNSELECT completed";
    }

    private string Expunge(ImapParser parser, bool uid)
    {
        SequenceSet? set = null;
        if (uid)
        {
            parser.Space();
            set = parser.SequenceSet();
        }
        parser.End();
        if (Selected.ReadOnly) return "NO [READ-ONLY] the mailbox is open read-only (EXAMINE)";
        RemoveDeleted(set, report: true);
        return "OK EXPUNGE completed";
    }

    /// <summary>Deletes the messages flagged \Deleted (of <paramref name="uids"/>, if given), highest first so the numbers stay right.</summary>
    private void RemoveDeleted(SequenceSet? uids, bool report)
    {
        var folder = Selected;
        long bytes = 0;
        int count = 0;
        long largestUid = folder.LargestUid; // '*' as the client meant it, before any removal
        for (int i = folder.Messages.Count - 1; i >= 0; i--)
        {
            var message = folder.Messages[i];
            if (!message.Flags.HasFlag(MessageFlags.Deleted) || (uids is not null && !uids.Contains(message.Uid, largestUid))) continue;
            if (MaildirFolder.Locate(folder.Path, message) is { } path)
            {
                try
                {
                    bytes += new FileInfo(path).Length;
                    File.Delete(path);
                    count++;
                }
                catch (FileNotFoundException) { }
            }
            folder.Messages.RemoveAt(i);
            folder.Recent.Remove(message.Uid);
            if (report) _output.Line($"* {i + 1} EXPUNGE");
        }
        MaildirSize.Record(Mailboxes.Maildir, -bytes, -count);
        if (count > 0) MaildirChanges.Changed(folder.Path);
    }

    private string Search(ImapParser parser, bool uid)
    {
        parser.Space();
        int mark = parser.Position;
        if (parser.Peek is (byte)'c' or (byte)'C' && parser.Atom("a search key").Equals("CHARSET", StringComparison.OrdinalIgnoreCase))
        {
            parser.Space();
            var charset = parser.AString("a charset");
            if (UnsupportedCharset(charset, "searches") is { } refusal) return refusal;
            parser.Space();
        }
        else parser.Position = mark;
        var found = Matching(SearchQuery.Parse(parser)).Select(m => uid ? m.Message.Uid : m.Sequence);
        _output.Line("* SEARCH" + string.Concat(found.Select(n => " " + n.ToString(CultureInfo.InvariantCulture))));
        return "OK SEARCH completed";
    }

    /// <summary>SEARCH, SORT and THREAD take UTF-8 and US-ASCII strings; anything else gets BADCHARSET (RFC 3501 §6.4.4).</summary>
    private static string? UnsupportedCharset(string charset, string what) =>
        charset.Equals("UTF-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("US-ASCII", StringComparison.OrdinalIgnoreCase)
            ? null : $"NO [BADCHARSET (UTF-8 US-ASCII)] only UTF-8 and US-ASCII {what}";

    /// <summary>The selected folder's messages that <paramref name="query"/> finds, in mailbox order (SEARCH and SORT).</summary>
    private IEnumerable<SearchSubject> Matching(Func<SearchSubject, bool> query)
    {
        var folder = Selected;
        long largestUid = folder.LargestUid;
        for (int i = 0; i < folder.Messages.Count; i++)
        {
            var message = folder.Messages[i];
            if (MaildirFolder.Locate(folder.Path, message) is not { } path) continue;
            message.Path = path;
            var subject = new SearchSubject(message, i + 1, folder.Messages.Count, largestUid, folder.IsRecent(message), () => LoadQuietly(path), () => MessageContent.HeadersOnly(path));
            if (query(subject)) yield return subject;
        }
    }

    private static MessageContent? LoadQuietly(string path)
    {
        try { return MessageContent.FromBytes(File.ReadAllBytes(path)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    private async Task<string> FetchAsync(ImapParser parser, bool uid)
    {
        parser.Space();
        var set = parser.SequenceSet();
        parser.Space();
        var items = FetchRequest.Parse(parser);
        parser.End();
        if (uid && !items.Any(i => i.Kind == FetchKind.Uid)) items.Insert(0, new FetchItem(FetchKind.Uid));
        bool needsContent = FetchWriter.NeedsContent(items);
        bool setsSeen = FetchWriter.SetsSeen(items) && !Selected.ReadOnly;
        var folder = Selected;
        bool missing = false;
        foreach (var (sequence, message) in folder.Select(set, uid))
        {
            if (MaildirFolder.Locate(folder.Path, message) is not { } path)
            {
                missing = true;
                continue;
            }
            message.Path = path;
            var written = items;
            if (setsSeen && !message.Flags.HasFlag(MessageFlags.Seen) && MaildirFolder.SetFlags(folder.Path, message, message.Flags | MessageFlags.Seen)
                && !items.Any(i => i.Kind == FetchKind.Flags))
                written = [.. items, new FetchItem(FetchKind.Flags)];
            MessageContent? content = null;
            long size;
            try
            {
                if (needsContent) content = await MessageContent.LoadAsync(message.Path, _services.SessionEnd);
                size = content?.Bytes.Length ?? message.Size;
            }
            catch (FileNotFoundException)
            {
                missing = true;
                continue;
            }
            FetchWriter.Write(_output, sequence, message, folder.IsRecent(message), size, written, content);
        }
        return missing ? "NO some of the messages have been expunged by another session" : "OK FETCH completed";
    }

    private string Store(ImapParser parser, bool uid)
    {
        parser.Space();
        var set = parser.SequenceSet();
        parser.Space();
        var what = parser.Atom("FLAGS, +FLAGS or -FLAGS").ToUpperInvariant();
        bool silent = what.EndsWith(".SILENT", StringComparison.Ordinal);
        var mode = silent ? what[..^".SILENT".Length] : what;
        if (mode is not ("FLAGS" or "+FLAGS" or "-FLAGS")) throw new ImapSyntaxException($"STORE needs FLAGS, +FLAGS or -FLAGS, not '{what}'");
        parser.Space();
        var requested = StoreFlags(parser);
        parser.End();
        if (Selected.ReadOnly) return "NO [READ-ONLY] the mailbox is open read-only (EXAMINE)";
        var folder = Selected;
        var changes = folder.Select(set, uid).Select(s => (s.Sequence, s.Message,
            Flags: mode switch
            {
                "FLAGS" => requested.Flags,
                "+FLAGS" => s.Message.Flags | requested.Flags,
                _ => s.Message.Flags & ~requested.Flags,
            },
            Keywords: mode switch
            {
                "FLAGS" => requested.Keywords,
                "+FLAGS" => s.Message.Keywords.Union(requested.Keywords),
                _ => s.Message.Keywords.Except(requested.Keywords),
            })).ToList();
        // Keywords new to the folder get their letters first; those without room are left out, the rest is stored.
        var keywords = MaildirFolder.AddKeywords(folder.Path, changes.SelectMany(c => c.Keywords), out var refused);
        ReportKeywords(keywords);
        bool missing = false;
        foreach (var (sequence, message, flags, wanted) in changes)
        {
            var kept = keywords.Spelled(wanted);
            if ((flags != message.Flags || !kept.SetEquals(message.Keywords)) && !MaildirFolder.SetFlags(folder.Path, message, flags, kept, keywords))
            {
                missing = true;
                continue;
            }
            if (!silent)
                _output.Line($"* {sequence} FETCH ({(uid ? $"UID {message.Uid} " : "")}FLAGS {folder.FlagsOf(message)})");
        }
        if (refused.Count > 0) return KeywordLimit(refused);
        return missing ? "NO some of the messages have been expunged by another session" : "OK STORE completed";
    }

    private async Task<string> CopyAsync(ImapParser parser, bool uid, bool move)
    {
        parser.Space();
        var set = parser.SequenceSet();
        parser.Space();
        var name = MailboxName(parser);
        parser.End();
        string command = move ? "MOVE" : "COPY";
        if (!Mailboxes.Exists(name))
            return Mailboxes.PathOf(name) is null ? $"NO [CANNOT] '{name}': {UserMailboxes.NameRule}" : $"NO [TRYCREATE] no mailbox named '{name}'";
        if (move && Selected.ReadOnly) return "NO [READ-ONLY] the mailbox is open read-only (EXAMINE)";
        var folder = Selected;
        var target = Mailboxes.PathOf(name)!;
        if (UserMailboxes.IsInbox(name)) Mailboxes.EnsureInbox();
        var copies = new List<(MaildirMessage Source, string BaseName)>();
        var selected = folder.Select(set, uid);
        // A MOVE within one Maildir takes no more room; a COPY does.
        if (!move && !await HasRoomAsync(selected.Sum(m => MaildirFolder.Locate(folder.Path, m.Message) is { } p ? new FileInfo(p).Length : 0))) return OverQuota;
        // The keywords travel by name: each gets its letter in the target's own list.
        var keywords = MaildirFolder.AddKeywords(target, selected.SelectMany(s => s.Message.Keywords), out var refused);
        foreach (var (_, message) in selected)
        {
            if (MaildirFolder.Locate(folder.Path, message) is not { } path) continue;
            await using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var baseName = await MaildirDrop.StoreAsync(target, Mailboxes.Maildir, source, message.Flags, keywords.LettersOf(message.Keywords), message.InternalDate,
                _services.Time, _services.SessionEnd);
            copies.Add((message, baseName));
        }
        if (copies.Count == 0) return $"OK {command} completed (nothing to {command.ToLowerInvariant()})";
        var snapshot = MaildirFolder.Sync(target, _services.Time);
        var newUids = snapshot.Messages.ToDictionary(m => m.BaseName, m => m.Uid);
        var code = $"COPYUID {snapshot.UidValidity} {string.Join(',', copies.Select(c => c.Source.Uid))} {string.Join(',', copies.Select(c => newUids.GetValueOrDefault(c.BaseName)))}";
        await ReportJunkAsync(command, folder.Name, UserMailboxes.Canonical(name), CopiedFiles(target, snapshot, copies.Select(c => c.BaseName)));
        if (move)
        {
            _output.Line($"* OK [{code}] moved");
            foreach (var (source, _) in copies) source.Flags |= MessageFlags.Deleted;
            var moved = SequenceSet.Parse(SequenceSet.Format(copies.Select(c => c.Source.Uid)));
            RemoveDeleted(moved, report: true);
            if (target == folder.Path) ReportChanges();
            return "OK MOVE completed" + NotKept(refused);
        }
        if (target == folder.Path) ReportChanges();
        return $"OK [{code}] COPY completed" + NotKept(refused);
    }

    private static List<string> CopiedFiles(string target, FolderSnapshot snapshot, IEnumerable<string> baseNames)
    {
        var copied = baseNames.ToHashSet(StringComparer.Ordinal);
        return [.. snapshot.Messages.Where(m => copied.Contains(m.BaseName)).Select(m => MaildirFolder.Locate(target, m)).OfType<string>()];
    }
}
