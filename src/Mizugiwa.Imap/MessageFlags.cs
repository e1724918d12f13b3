namespace Mizugiwa.Imap;

/// <summary>The system flags we keep, as Maildir stores them in the info suffix <c>:2,DFRST</c>.</summary>
[Flags]
internal enum MessageFlags
{
    None = 0,
    Draft = 1,     // D
    Flagged = 2,   // F
    Answered = 4,  // R (replied)
    Seen = 8,      // S
    Deleted = 16,  // T (trashed)
}

internal static class MessageFlagText
{
    // In ASCII order, as the Maildir spec wants the info letters.
    private static readonly (MessageFlags Flag, char Letter, string Name)[] All =
    [
        (MessageFlags.Draft, 'D', "\\Draft"),
        (MessageFlags.Flagged, 'F', "\\Flagged"),
        (MessageFlags.Answered, 'R', "\\Answered"),
        (MessageFlags.Seen, 'S', "\\Seen"),
        (MessageFlags.Deleted, 'T', "\\Deleted"),
    ];

    public const string Permanent = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";

    /// <summary>The flags of a Maildir file name: the letters after ":2,"; unknown letters are kept out.</summary>
    public static MessageFlags FromFileName(string name)
    {
        int info = name.IndexOf(":2,", StringComparison.Ordinal);
        if (info < 0) return MessageFlags.None;
        var flags = MessageFlags.None;
        foreach (char c in name.AsSpan(info + 3))
            foreach (var (flag, letter, _) in All)
                if (c == letter) flags |= flag;
        return flags;
    }

    /// <summary>The file name for <paramref name="baseName"/> with <paramref name="flags"/>, keeping other letters the file had.</summary>
    public static string FileName(string baseName, MessageFlags flags, string oldName = "")
    {
        int info = oldName.IndexOf(":2,", StringComparison.Ordinal);
        var other = info < 0 ? "" : new string([.. oldName[(info + 3)..].Where(c => !All.Any(a => a.Letter == c) && c is >= 'a' and <= 'z')]);
        var letters = All.Where(a => flags.HasFlag(a.Flag)).Select(a => a.Letter).Concat(other).Order();
        return baseName + ":2," + new string([.. letters]);
    }

    /// <summary>"(\Seen \Flagged)".</summary>
    public static string List(MessageFlags flags) =>
        "(" + string.Join(' ', All.Where(a => flags.HasFlag(a.Flag)).Select(a => a.Name)) + ")";

    /// <summary>A flag name from the client, or null for keywords and \Recent, which are not stored.</summary>
    public static MessageFlags? Parse(string name)
    {
        foreach (var (flag, _, text) in All)
            if (text.Equals(name, StringComparison.OrdinalIgnoreCase)) return flag;
        return null;
    }

    public static MessageFlags ParseAll(IEnumerable<string> names) =>
        names.Aggregate(MessageFlags.None, (all, name) => all | (Parse(name) ?? MessageFlags.None));
}
