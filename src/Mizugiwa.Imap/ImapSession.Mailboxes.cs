using System.Globalization;
using System.Text.RegularExpressions;

namespace Mizugiwa.Imap;

/// <summary>SELECT, EXAMINE, CREATE, DELETE, RENAME, SUBSCRIBE, LIST, LSUB, NAMESPACE, STATUS and APPEND.</summary>
internal sealed partial class ImapSession
{
    private UserMailboxes Mailboxes => _mailboxes!;

    private string MailboxName(ImapParser parser)
    {
        var name = parser.AString("a mailbox name");
        return name.EndsWith(UserMailboxes.Delimiter, StringComparison.Ordinal) && name.Length > 1 ? name[..^1] : name;
    }

    private string Select(ImapParser parser, bool readOnly)
    {
        parser.Space();
        var name = MailboxName(parser);
        parser.End();
        _selected = null;
        if (!Mailboxes.Exists(name)) return $"NO [NONEXISTENT] no mailbox named '{name}'";
        if (UserMailboxes.IsInbox(name)) Mailboxes.EnsureInbox();
        var path = Mailboxes.PathOf(name)!;
        var snapshot = MaildirFolder.Sync(path, _services.Time, claimNew: !readOnly);
        _selected = new SelectedFolder(UserMailboxes.Canonical(name), path, readOnly, snapshot);
        WriteFlagLists(_selected);
        _output.Line($"* {snapshot.Messages.Count} EXISTS");
        _output.Line($"* {snapshot.Recent.Count} RECENT");
        int unseen = snapshot.Messages.ToList().FindIndex(m => !m.Flags.HasFlag(MessageFlags.Seen));
        if (unseen >= 0) _output.Line($"* OK [UNSEEN {unseen + 1}] first unseen");
        _output.Line($"* OK [UIDVALIDITY {snapshot.UidValidity}] UIDs valid");
        _output.Line($"* OK [UIDNEXT {snapshot.UidNext}] predicted next UID");
        return readOnly ? "OK [READ-ONLY] EXAMINE completed" : "OK [READ-WRITE] SELECT completed";
    }

    private string Create(ImapParser parser)
    {
        parser.Space();
        var name = MailboxName(parser);
        parser.End();
        if (Mailboxes.Exists(name)) return $"NO [ALREADYEXISTS] mailbox '{name}' exists";
        if (Mailboxes.PathOf(name) is null) return $"NO [CANNOT] '{name}': {UserMailboxes.NameRule}";
        Mailboxes.Create(name);
        return "OK CREATE completed";
    }

    private string Delete(ImapParser parser)
    {
        parser.Space();
        var name = MailboxName(parser);
        parser.End();
        if (UserMailboxes.IsInbox(name)) return "NO [CANNOT] INBOX cannot be deleted";
        if (!Mailboxes.Exists(name)) return $"NO [NONEXISTENT] no mailbox named '{name}'";
        if (_selected?.Name == name) _selected = null;
        Mailboxes.Delete(name);
        return "OK DELETE completed";
    }

    private string Rename(ImapParser parser)
    {
        parser.Space();
        var from = MailboxName(parser);
        parser.Space();
        var to = MailboxName(parser);
        parser.End();
        if (UserMailboxes.IsInbox(from)) return "NO [CANNOT] renaming INBOX is not supported";
        if (!Mailboxes.Exists(from)) return $"NO [NONEXISTENT] no mailbox named '{from}'";
        if (Mailboxes.Exists(to)) return $"NO [ALREADYEXISTS] mailbox '{to}' exists";
        if (Mailboxes.PathOf(to) is null) return $"NO [CANNOT] '{to}': {UserMailboxes.NameRule}";
        if (_selected?.Name == from) _selected = null;
        Mailboxes.Rename(from, to);
        return "OK RENAME completed";
    }

    /// <summary>Every mailbox counts as subscribed; SUBSCRIBE is accepted for mailboxes that exist.</summary>
    private string Subscribe(ImapParser parser, string command)
    {
        parser.Space();
        var name = MailboxName(parser);
        parser.End();
        if (command == "SUBSCRIBE" && !Mailboxes.Exists(name)) return $"NO [NONEXISTENT] no mailbox named '{name}'";
        return $"OK {command} completed";
    }

    private string List(ImapParser parser, string command)
    {
        parser.Space();
        // RFC 5258 / 6154 forms some clients send after seeing SPECIAL-USE: LIST (SPECIAL-USE) "" "*" and … RETURN (SPECIAL-USE).
        bool specialUseOnly = false;
        if (command == "LIST" && parser.Peek == '(')
        {
            specialUseOnly = parser.AtomList("selection options").Contains("SPECIAL-USE", StringComparer.OrdinalIgnoreCase);
            parser.Space();
        }
        var reference = parser.AString("a reference name");
        parser.Space();
        var pattern = parser.ListPattern();
        if (command == "LIST" && !parser.AtEnd)
        {
            parser.Space();
            if (!parser.Atom("RETURN").Equals("RETURN", StringComparison.OrdinalIgnoreCase)) throw new ImapSyntaxException("expected RETURN (options)");
            parser.Space();
            parser.AtomList("return options");
        }
        parser.End();
        if (pattern.Length == 0)
        {
            _output.Line($"* {command} (\\Noselect) \"{UserMailboxes.Delimiter}\" \"\"");
            return $"OK {command} completed";
        }
        var matcher = Pattern(reference + pattern);
        var inboxMatcher = Pattern((reference + pattern).ToUpperInvariant());
        foreach (var name in Mailboxes.Names().Where(n => UserMailboxes.IsInbox(n) ? inboxMatcher.IsMatch("INBOX") : matcher.IsMatch(n)))
        {
            if (specialUseOnly && name != _options.JunkFolder) continue;
            var attributes = name == _options.JunkFolder ? "\\HasNoChildren \\Junk" : "\\HasNoChildren";
            _output.Line($"* {command} ({attributes}) \"{UserMailboxes.Delimiter}\" {ImapString.Mailbox(name)}");
        }
        return $"OK {command} completed";
    }

    /// <summary>'*' and '%' match any characters, since the hierarchy is flat.</summary>
    private static Regex Pattern(string pattern)
    {
        var expression = "^" + string.Concat(pattern.Select(c => c is '*' or '%' ? ".*" : Regex.Escape(c.ToString()))) + "$";
        return new Regex(expression, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    /// <summary>RFC 2342: one personal namespace, no prefix; no other users' or shared mailboxes.</summary>
    private string Namespace(ImapParser parser)
    {
        parser.End();
        _output.Line($"* NAMESPACE ((\"\" \"{UserMailboxes.Delimiter}\")) NIL NIL");
        return "OK NAMESPACE completed";
    }

    private string Status(ImapParser parser)
    {
        parser.Space();
        var name = MailboxName(parser);
        parser.Space();
        var items = parser.AtomList("status items").Select(i => i.ToUpperInvariant()).ToList();
        parser.End();
        if (items.Count == 0) throw new ImapSyntaxException("STATUS needs at least one item");
        if (!Mailboxes.Exists(name)) return $"NO [NONEXISTENT] no mailbox named '{name}'";
        var snapshot = MaildirFolder.Sync(Mailboxes.PathOf(name)!, _services.Time);
        var values = new List<string>();
        foreach (var item in items)
        {
            long value = item switch
            {
                "MESSAGES" => snapshot.Messages.Count,
                "RECENT" => snapshot.Recent.Count, // still in new/: recent for the session that selects the folder next
                "UIDNEXT" => snapshot.UidNext,
                "UIDVALIDITY" => snapshot.UidValidity,
                "UNSEEN" => snapshot.Messages.Count(m => !m.Flags.HasFlag(MessageFlags.Seen)),
                "DELETED" => snapshot.Messages.Count(m => m.Flags.HasFlag(MessageFlags.Deleted)),
                "DELETED-STORAGE" => ImapQuota.DeletedStorage(snapshot.Messages),
                _ => throw new ImapSyntaxException($"unknown STATUS item '{item}'"),
            };
            values.Add($"{item} {value.ToString(CultureInfo.InvariantCulture)}");
        }
        _output.Line($"* STATUS {ImapString.Mailbox(UserMailboxes.Canonical(name))} ({string.Join(' ', values)})");
        return "OK STATUS completed";
    }

    private async Task<string> AppendAsync(ImapParser parser)
    {
        parser.Space();
        var name = MailboxName(parser);
        parser.Space();
        var flags = new RequestedFlags(MessageFlags.None, Keyword.None);
        if (parser.Peek == '(')
        {
            flags = MessageFlagText.ParseRequested(parser.FlagList("the flags"));
            parser.Space();
        }
        var date = _services.Time.GetUtcNow();
        if (parser.Peek == '"')
        {
            date = ParseDateTime(parser.AString("the date-time"));
            parser.Space();
        }
        if (parser.Peek != '{') throw new ImapSyntaxException("APPEND needs the message as a literal");
        var message = parser.StringBytes("the message");
        parser.End();
        if (message.Length == 0) return "NO the message is empty";
        if (!Mailboxes.Exists(name))
            return Mailboxes.PathOf(name) is null ? $"NO [CANNOT] '{name}': {UserMailboxes.NameRule}" : $"NO [TRYCREATE] no mailbox named '{name}'";
        if (!await HasRoomAsync(message.Length)) return OverQuota;
        if (UserMailboxes.IsInbox(name)) Mailboxes.EnsureInbox();
        var path = Mailboxes.PathOf(name)!;
        var keywords = MaildirFolder.AddKeywords(path, flags.Keywords, out var refused);
        var baseName = await MaildirDrop.StoreAsync(path, Mailboxes.Maildir, new MemoryStream(message), flags.Flags, keywords.LettersOf(flags.Keywords), date,
            _services.Time, _services.SessionEnd);
        var snapshot = MaildirFolder.Sync(path, _services.Time);
        var uid = snapshot.Messages.FirstOrDefault(m => m.BaseName == baseName)?.Uid;
        await ReportJunkAsync("APPEND", null, UserMailboxes.Canonical(name), CopiedFiles(path, snapshot, [baseName]));
        if (_selected?.Path == path) ReportChanges();
        return (uid is { } u ? $"OK [APPENDUID {snapshot.UidValidity} {u}] APPEND completed" : "OK APPEND completed") + NotKept(refused);
    }

    private const string OverQuota = "NO [OVERQUOTA] the mailbox is full";

    /// <summary>Whether the user's quota has room for <paramref name="bytes"/> more; when it cannot be told, the mail is taken.</summary>
    private async Task<bool> HasRoomAsync(long bytes)
    {
        if (_services.Space is not { } space) return true;
        try { return await space.HasRoomAsync(_user!, bytes, _services.SessionEnd); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            ImapLog.MailboxError(_services.Logger, _id, ClientText, _user ?? "", "quota check", e.Message);
            return true;
        }
    }

    /// <summary>RFC 3501 date-time: "dd-MMM-yyyy HH:mm:ss +zzzz" (the day may be space-padded).</summary>
    private static DateTimeOffset ParseDateTime(string text)
    {
        var parts = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 3 && parts[2].Length == 5 && parts[2][0] is '+' or '-'
            && DateTime.TryParseExact(parts[0] + " " + parts[1], ["d-MMM-yyyy HH:mm:ss", "dd-MMM-yyyy HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            && int.TryParse(parts[2].AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int hours)
            && int.TryParse(parts[2].AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int minutes))
        {
            var offset = new TimeSpan(hours, minutes, 0);
            return new DateTimeOffset(local, parts[2][0] == '-' ? -offset : offset);
        }
        throw new ImapSyntaxException($"bad date-time '{text}' (expected e.g. \"05-Dec-2026 09:30:00 +0900\")");
    }
}
