using System.Buffers;
using System.Globalization;
using System.Text;
using Mizugiwa.Content.Text;

namespace Mizugiwa.Content.Bayes;

/// <summary>
/// Splits text into Bayes tokens: NFKC-normalised (half-width katakana become full-width) and
/// lower-cased; Latin-like text into words of 3..40 characters (a longer one becomes "skip:c:N",
/// its first character and its length rounded down to tens); runs of Han, Hiragana, Katakana and
/// Hangul into overlapping character bigrams, since those scripts do not separate words by spaces.
/// </summary>
public static class TextTokens
{
    public const int MinWordLength = 3;
    public const int MaxWordLength = 40;

    /// <summary>Characters that end a word besides white space (kept inside words: . : / - _ @ ' $ ! % ? &amp; # +).</summary>
    private const string Separators = "\"()<>[]{}|,;=*`^~\\";

    /// <summary>
    /// Punctuation that joins words without a space ("dr.smith", "country.the", a link's host and
    /// path): the joined word is a token and so is each piece of it (chosen on the tuning half of the corpus
    /// folds, docs/ACCURACY.md: spammers' run-together words then share evidence with the plain words).
    /// </summary>
    private static readonly SearchValues<char> Joiners = SearchValues.Create(".:/-_@'?&#+");

    public static void Add(string text, string prefix, ISet<string> tokens)
    {
        var normal = Normalize(text);
        var word = new StringBuilder();
        var cjk = new List<Rune>();
        foreach (var rune in normal.EnumerateRunes())
        {
            if (IsCjk(rune))
            {
                FlushWord(word, prefix, tokens);
                cjk.Add(rune);
                continue;
            }
            FlushCjk(cjk, prefix, tokens);
            if (Rune.IsWhiteSpace(rune) || Rune.IsControl(rune) || IsSeparator(rune)) FlushWord(word, prefix, tokens);
            else word.Append(rune.ToString());
        }
        FlushWord(word, prefix, tokens);
        FlushCjk(cjk, prefix, tokens);
    }

    /// <summary>
    /// NFKC then lower case. The width forms are folded by <see cref="WidthFolding"/> first, since under
    /// InvariantGlobalization string.Normalize does not touch non-ASCII text; with ICU it does the rest.
    /// Text that cannot be normalised (lone surrogates) is only folded and lower-cased.
    /// </summary>
    public static string Normalize(string text)
    {
        var folded = WidthFolding.Fold(text);
        try { return folded.Normalize(NormalizationForm.FormKC).ToLowerInvariant(); }
        catch (ArgumentException) { return folded.ToLowerInvariant(); }
    }

    public static bool IsCjk(Rune rune) => rune.Value switch
    {
        >= 0x3040 and <= 0x30FF => true,   // Hiragana, Katakana (with the prolonged sound mark)
        >= 0x31F0 and <= 0x31FF => true,   // Katakana phonetic extensions
        >= 0x3400 and <= 0x4DBF => true,   // CJK extension A
        >= 0x4E00 and <= 0x9FFF => true,   // CJK unified ideographs
        >= 0xF900 and <= 0xFAFF => true,   // CJK compatibility ideographs
        >= 0x20000 and <= 0x3134F => true, // CJK extensions B..G
        >= 0x1100 and <= 0x11FF => true,   // Hangul Jamo
        >= 0x3130 and <= 0x318F => true,   // Hangul compatibility Jamo
        >= 0xAC00 and <= 0xD7AF => true,   // Hangul syllables
        _ => false,
    } && rune.Value is not (0x30FB or 0x30A0); // the middle dot and the double hyphen are punctuation

    private static bool IsSeparator(Rune rune) =>
        rune.IsAscii ? Separators.Contains((char)rune.Value) : Rune.GetUnicodeCategory(rune) is
            UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation or UnicodeCategory.SpaceSeparator;

    private static void FlushWord(StringBuilder word, string prefix, ISet<string> tokens)
    {
        if (word.Length == 0) return;
        var text = Trim(word.ToString());
        word.Clear();
        AddWord(text, prefix, tokens);
        if (text.AsSpan().IndexOfAny(Joiners) < 0) return;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && !Joiners.Contains(text[i])) continue;
            if (i - start >= MinWordLength) AddWord(Trim(text[start..i]), prefix, tokens); // shorter cannot be a token
            start = i + 1;
        }
    }

    private static void AddWord(string text, string prefix, ISet<string> tokens)
    {
        var length = text.EnumerateRunes().Count();
        if (length < MinWordLength) return;
        if (length > MaxWordLength)
        {
            tokens.Add(string.Create(CultureInfo.InvariantCulture, $"{prefix}skip:{Rune.GetRuneAt(text, 0)}:{length / 10 * 10}"));
            return;
        }
        tokens.Add(prefix + text);
    }

    /// <summary>Drops the punctuation around a word, but keeps a leading '$' and trailing '!' or '%' (they tell).</summary>
    private static string Trim(string word)
    {
        int start = 0, end = word.Length;
        while (start < end && !char.IsLetterOrDigit(word[start]) && word[start] != '$' && !char.IsSurrogate(word[start])) start++;
        while (end > start && !char.IsLetterOrDigit(word[end - 1]) && word[end - 1] is not ('!' or '%') && !char.IsSurrogate(word[end - 1])) end--;
        return word[start..end];
    }

    private static void FlushCjk(List<Rune> run, string prefix, ISet<string> tokens)
    {
        if (run.Count == 0) return;
        if (run.Count == 1) tokens.Add(prefix + run[0]);
        for (var i = 0; i + 1 < run.Count; i++) tokens.Add(prefix + run[i] + run[i + 1]);
        run.Clear();
    }
}
