using System.Collections.Immutable;

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

/// <summary>What a client asked to set in STORE or APPEND: system flags and keywords.</summary>
internal sealed record RequestedFlags(MessageFlags Flags, ImmutableSortedSet<string> Keywords);

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
    public const string Recent = "\\Recent";

    /// <summary>
    /// The flag letters of a Maildir file name: what follows ":2,", up to a ',' that starts Dovecot's extra fields; "" without info.
    /// </summary>
    public static string InfoLetters(string name)
    {
        int info = name.IndexOf(":2,", StringComparison.Ordinal);
        if (info < 0) return "";
        var letters = name[(info + 3)..];
        int comma = letters.IndexOf(',', StringComparison.Ordinal);
        return comma < 0 ? letters : letters[..comma];
    }

    /// <summary>Dovecot's extra fields after the flag letters (",…"), kept as they are; "" when there are none.</summary>
    private static string InfoExtra(string name)
    {
        int info = name.IndexOf(":2,", StringComparison.Ordinal);
        if (info < 0) return "";
        int comma = name.IndexOf(',', info + 3);
        return comma < 0 ? "" : name[comma..];
    }

    /// <summary>The system flags of a Maildir file name; other letters are not system flags.</summary>
    public static MessageFlags FromFileName(string name)
    {
        var flags = MessageFlags.None;
        foreach (char c in InfoLetters(name))
            foreach (var (flag, letter, _) in All)
                if (c == letter) flags |= flag;
        return flags;
    }

    /// <summary>
    /// The file name for <paramref name="baseName"/> with <paramref name="flags"/> and the keyword letters
    /// <paramref name="keywordLetters"/>. What else <paramref name="oldName"/> had stays: letters we do not know, keyword letters
    /// (all of them without <paramref name="keywords"/>; with it, those it has no name for, since the named ones are
    /// what <paramref name="keywordLetters"/> now says), and Dovecot's extra fields. Letters in ASCII order, as the Maildir spec asks.
    /// </summary>
    public static string FileName(string baseName, MessageFlags flags, string oldName = "", string keywordLetters = "", MaildirKeywords? keywords = null)
    {
        var kept = InfoLetters(oldName).Where(c => !All.Any(a => a.Letter == c) && (keywords is null || !keywords.HasName(c)));
        var letters = All.Where(a => flags.HasFlag(a.Flag)).Select(a => a.Letter).Concat(kept).Concat(keywordLetters).Distinct().Order();
        return baseName + ":2," + new string([.. letters]) + InfoExtra(oldName);
    }

    /// <summary>"(\Seen \Flagged \Recent $Junk)".</summary>
    public static string List(MessageFlags flags, IEnumerable<string>? keywords = null, bool recent = false)
    {
        var names = All.Where(a => flags.HasFlag(a.Flag)).Select(a => a.Name);
        if (recent) names = names.Append(Recent);
        return "(" + string.Join(' ', names.Concat(keywords ?? [])) + ")";
    }

    /// <summary>A system flag's value, or null for anything else.</summary>
    public static MessageFlags? Parse(string name)
    {
        foreach (var (flag, _, text) in All)
            if (text.Equals(name, StringComparison.OrdinalIgnoreCase)) return flag;
        return null;
    }

    /// <summary>
    /// The flags a client named (STORE, APPEND): system flags and keywords. \Recent is passed over, since no client
    /// can set or clear it (RFC 3501 §2.3.2); any other name with a backslash, or a keyword that is not an atom, is bad syntax.
    /// </summary>
    /// <exception cref="ImapSyntaxException">A name is neither.</exception>
    public static RequestedFlags ParseRequested(IEnumerable<string> names)
    {
        var flags = MessageFlags.None;
        var keywords = Keyword.None.ToBuilder();
        foreach (var name in names)
        {
            if (name.StartsWith('\\'))
            {
                if (Parse(name) is { } flag) flags |= flag;
                else if (!name.Equals(Recent, StringComparison.OrdinalIgnoreCase))
                    throw new ImapSyntaxException($"unknown system flag '{name}' (the system flags are {Permanent}; keywords have no '\\')");
            }
            else if (Keyword.IsValid(name)) keywords.Add(name);
            else throw new ImapSyntaxException($"'{name}' is not a valid keyword: {Keyword.Rule}");
        }
        return new RequestedFlags(flags, keywords.ToImmutable());
    }
}
