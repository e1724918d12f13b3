using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Mizugiwa.Mailbox;

namespace Mizugiwa.Imap;

/// <summary>
/// A folder's keyword names, kept as Dovecot keeps them so either server can read the other's Maildir:
/// <c>dovecot-keywords</c> beside cur/ and new/, lines "<c>N name</c>" where N (0..25) stands for the letter
/// 'a' + N in the info of a message's file name (<c>…:2,Sb</c> is \Seen and keyword 1). There are 26 letters,
/// so a folder keeps at most 26 keywords. The list only grows: a letter once given keeps its name, because
/// files carry it, and a new name takes the number after the highest one in use, as Dovecot does, so a number
/// whose line was damaged is never handed out again. Read without a lock (it is only ever replaced whole, by
/// rename); written under the folder's turn (<see cref="MaildirFolder.AddKeywords"/>).
/// </summary>
internal sealed class MaildirKeywords
{
    public const string FileName = "dovecot-keywords";
    public const int Capacity = 26;

    private readonly string?[] _names;
    private readonly int _next;

    private MaildirKeywords(string?[] names, int next)
    {
        _names = names;
        _next = next;
    }

    public static MaildirKeywords Empty { get; } = new(new string?[Capacity], 0);

    /// <summary>The names in letter order.</summary>
    public IEnumerable<string> Names => _names.OfType<string>();

    /// <summary>True when no letter is left for a new name.</summary>
    public bool IsFull => _next >= Capacity;

    public static MaildirKeywords Load(string folder)
    {
        string[] lines;
        try { lines = File.ReadAllLines(Path.Combine(folder, FileName), Encoding.UTF8); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return Empty; }
        return Parse(lines);
    }

    /// <summary>
    /// Reads the file's lines; a line that is not "N name" with N in 0..25 and a valid keyword is passed over (its number,
    /// if it has one, still counts as used), and the first line for a number or a name wins.
    /// </summary>
    public static MaildirKeywords Parse(IEnumerable<string> lines)
    {
        var names = new string?[Capacity];
        int next = 0;
        foreach (var line in lines)
        {
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space < 1 || !int.TryParse(line.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index >= Capacity) continue;
            next = Math.Max(next, index + 1);
            var name = line[(space + 1)..];
            if (names[index] is null && Keyword.IsValid(name) && IndexIn(names, name) is null) names[index] = name;
        }
        return new MaildirKeywords(names, next);
    }

    /// <summary>The number of <paramref name="name"/> (any case), or null when the folder has no such keyword.</summary>
    public int? IndexOf(string name) => IndexIn(_names, name);

    private static int? IndexIn(string?[] names, string name)
    {
        for (int i = 0; i < names.Length; i++)
            if (names[i] is { } known && Keyword.Comparer.Equals(known, name)) return i;
        return null;
    }

    public bool Contains(string name) => IndexOf(name) is not null;

    /// <summary>True when <paramref name="letter"/> is a keyword letter this list names.</summary>
    public bool HasName(char letter) => letter is >= 'a' and <= 'z' && _names[letter - 'a'] is not null;

    /// <summary>The keywords a file name's info letters stand for, in the spelling stored here; letters without a name are left out.</summary>
    public ImmutableSortedSet<string> FromFileName(string fileName)
    {
        var found = Keyword.None.ToBuilder();
        foreach (char c in MessageFlagText.InfoLetters(fileName))
            if (HasName(c)) found.Add(_names[c - 'a']!);
        return found.ToImmutable();
    }

    /// <summary>The info letters of <paramref name="keywords"/>; names this list does not have are left out.</summary>
    public string LettersOf(IEnumerable<string> keywords) =>
        new([.. keywords.Select(IndexOf).OfType<int>().Distinct().Select(i => (char)('a' + i))]);

    /// <summary><paramref name="keywords"/> in the spelling stored here; names this list does not have are left out.</summary>
    public ImmutableSortedSet<string> Spelled(IEnumerable<string> keywords) =>
        Keyword.SetOf(keywords.Select(IndexOf).OfType<int>().Select(i => _names[i]!));

    /// <summary>
    /// This list with the names it lacks added while there are letters left (this very object when nothing is new);
    /// the names that found no room are in <paramref name="refused"/>.
    /// </summary>
    public MaildirKeywords With(IEnumerable<string> names, out List<string> refused)
    {
        refused = [];
        var grown = (string?[])_names.Clone();
        int next = _next;
        foreach (var name in names)
        {
            if (IndexIn(grown, name) is not null || refused.Contains(name, Keyword.Comparer)) continue;
            if (next >= Capacity) refused.Add(name);
            else grown[next++] = name;
        }
        return next == _next ? this : new MaildirKeywords(grown, next);
    }

    public bool SameAs(MaildirKeywords other) => _names.SequenceEqual(other._names, StringComparer.Ordinal);

    /// <summary>
    /// Replaces the folder's file: written and fsynced in tmp/, renamed over the old one, and the folder fsynced, so after
    /// a crash the file is the old list or the new one, and a letter a renamed message file carries is never without its name.
    /// </summary>
    public void Save(string folder)
    {
        var text = new StringBuilder();
        for (int i = 0; i < Capacity; i++)
            if (_names[i] is { } name) text.Append(CultureInfo.InvariantCulture, $"{i} {name}\n");
        var tmp = Path.Combine(folder, "tmp");
        Directory.CreateDirectory(tmp);
        var temporary = Path.Combine(tmp, $"{FileName}.{Guid.NewGuid():N}");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                file.Write(Encoding.UTF8.GetBytes(text.ToString()));
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, Path.Combine(folder, FileName), overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
        FileSync.SyncDirectory(folder);
    }
}
