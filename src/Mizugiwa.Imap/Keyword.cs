using System.Collections.Immutable;

namespace Mizugiwa.Imap;

/// <summary>
/// IMAP keywords (RFC 3501 flag-keyword: <c>$Junk</c>, <c>$Forwarded</c>, <c>$label1</c>, …): atoms, so printable
/// ASCII without spaces and without the atom-specials, and never a leading backslash (those are system flags).
/// They are compared without regard to case, like the rest of the protocol's names, and kept in the spelling
/// the folder first stored.
/// </summary>
internal static class Keyword
{
    public const string Rule = "keywords are atoms: printable ASCII without spaces or ( ) { % * \" \\ ]";

    public static StringComparer Comparer => StringComparer.OrdinalIgnoreCase;

    public static ImmutableSortedSet<string> None { get; } = ImmutableSortedSet.Create<string>(StringComparer.OrdinalIgnoreCase);

    public static bool IsValid(string name) =>
        name.Length > 0 && name.All(c => c > ' ' && c < 0x7f && c is not ('(' or ')' or '{' or '%' or '*' or '"' or '\\' or ']'));

    public static ImmutableSortedSet<string> SetOf(IEnumerable<string> names) => None.Union(names);
}
