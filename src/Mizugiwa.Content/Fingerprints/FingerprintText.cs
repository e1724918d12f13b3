using System.Text.RegularExpressions;
using Mizugiwa.Content.Text;

namespace Mizugiwa.Content.Fingerprints;

/// <summary>
/// Turns decoded text into the words that fuzzy fingerprints are made of (docs/FINGERPRINTS.md):
/// width folding (see <see cref="WidthFolding"/>), lower case, every URL replaced by its host and
/// every e-mail address by its domain, words split at anything that is not a letter or a digit,
/// words made only of digits dropped and digit runs inside words written as '#' (so inserted or
/// changed numbers do not change the shingles), and runs of CJK characters cut into overlapping
/// character bigrams (those scripts do not separate words with spaces).
/// </summary>
internal static partial class FingerprintText
{
    public static List<string> Words(string text, int maximumWords)
    {
        var prepared = EmailAddress().Replace(Url().Replace(WidthFolding.Fold(text).ToLowerInvariant(), UrlHost), " $1 ");
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        int i = 0;
        while (i < prepared.Length && words.Count < maximumWords)
        {
            var c = prepared[i];
            if (IsCjk(c))
            {
                Flush(current, words);
                int start = i;
                while (i < prepared.Length && IsCjk(prepared[i])) i++;
                AddBigrams(prepared.AsSpan(start, i - start), words);
                continue;
            }
            if (char.IsLetter(c) || (c == '.' && current.Length > 0 && i + 1 < prepared.Length && char.IsLetterOrDigit(prepared[i + 1]) && !IsCjk(prepared[i + 1])))
                current.Append(c);
            else if (char.IsDigit(c))
            {
                if (current.Length == 0 || current[^1] != '#') current.Append('#');
            }
            else Flush(current, words);
            i++;
        }
        Flush(current, words);
        if (words.Count > maximumWords) words.RemoveRange(maximumWords, words.Count - maximumWords);
        return words;
    }

    /// <summary>Han, hiragana, katakana (with the prolonged sound mark) and Hangul syllables.</summary>
    public static bool IsCjk(char c) =>
        c is >= '\u3040' and <= '\u30FF' or >= '\u3400' and <= '\u4DBF' or >= '\u4E00' and <= '\u9FFF'
            or >= '\uAC00' and <= '\uD7AF' or >= '\uF900' and <= '\uFAFF';

    private static void AddBigrams(ReadOnlySpan<char> run, List<string> words)
    {
        if (run.Length == 1)
        {
            words.Add(run.ToString());
            return;
        }
        for (int j = 0; j + 1 < run.Length; j++) words.Add(run.Slice(j, 2).ToString());
    }

    /// <summary>Ends the current word; a word of digits only ('#') is dropped.</summary>
    private static void Flush(System.Text.StringBuilder current, List<string> words)
    {
        if (current.Length == 0) return;
        var word = current.ToString().TrimEnd('.');
        current.Clear();
        if (word.Length > 0 && word != "#") words.Add(word);
    }

    private static string UrlHost(Match url) => " " + url.Groups["host"].Value + " ";

    [GeneratedRegex(@"(?:[a-z][a-z0-9+.-]*://(?:[^\s/?#@<>""]*@)?|(?=www\.))(?<host>[^\s/?#:<>""]+)[^\s<>""]*")]
    private static partial Regex Url();

    [GeneratedRegex(@"[a-z0-9._%+-]+@([a-z0-9-]+(?:\.[a-z0-9-]+)+)")]
    private static partial Regex EmailAddress();
}
