namespace Mizugiwa.Imap;

/// <summary>The i;ascii-casemap comparator (RFC 4790): ordinal, with the ASCII letters a–z folded to A–Z (SORT and THREAD).</summary>
internal static class AsciiCasemap
{
    public static int Compare(string a, string b)
    {
        for (int i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            int order = Fold(a[i]).CompareTo(Fold(b[i]));
            if (order != 0) return order;
        }
        return a.Length.CompareTo(b.Length);
    }

    /// <summary>A key that is equal for two strings exactly when <see cref="Compare"/> says they tie.</summary>
    public static string Key(string text) => string.Create(text.Length, text, (span, source) =>
    {
        for (int i = 0; i < source.Length; i++) span[i] = Fold(source[i]);
    });

    private static char Fold(char c) => c is >= 'a' and <= 'z' ? (char)(c - 'a' + 'A') : c;
}
