using System.Text;

namespace Mizugiwa.Content.Fingerprints;

/// <summary>
/// The part of NFKC that matters for fingerprints, done by hand because the server runs with
/// InvariantGlobalization (where string.Normalize leaves non-ASCII text unchanged): fullwidth ASCII
/// forms become ASCII, halfwidth katakana become fullwidth (a following voiced or semi-voiced mark
/// composed with its base, as NFKC does), the ideographic space becomes a space.
/// </summary>
internal static class WidthFolding
{
    // U+FF61..U+FF9D in order.
    private const string HalfwidthKatakana =
        "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";
    private const char VoicedMark = '\uFF9E';
    private const char SemiVoicedMark = '\uFF9F';

    public static string Fold(string text)
    {
        StringBuilder? folded = null;
        for (int i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var replacement = FoldChar(c);
            if (replacement == c && c is not (VoicedMark or SemiVoicedMark))
            {
                folded?.Append(c);
                continue;
            }
            folded ??= new StringBuilder(text.Length).Append(text, 0, i);
            if (c is VoicedMark or SemiVoicedMark)
            {
                ComposeMark(folded, c == VoicedMark);
                continue;
            }
            folded.Append(replacement);
        }
        return folded?.ToString() ?? text;
    }

    private static char FoldChar(char c) => c switch
    {
        >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
        '\u3000' => ' ',
        >= '\uFF61' and <= '\uFF9D' => HalfwidthKatakana[c - 0xFF61],
        _ => c,
    };

    /// <summary>Composes the mark with the katakana before it (カ+゛=ガ, ハ+゜=パ, ウ+゛=ヴ); a mark with nothing to compose with is dropped.</summary>
    private static void ComposeMark(StringBuilder folded, bool voiced)
    {
        if (folded.Length == 0) return;
        var last = folded[^1];
        if (voiced && last == 'ウ') folded[^1] = 'ヴ';
        else if (voiced && IsVoicable(last)) folded[^1] = (char)(last + 1);
        else if (!voiced && last is 'ハ' or 'ヒ' or 'フ' or 'ヘ' or 'ホ') folded[^1] = (char)(last + 2);
    }

    // カ..ト (every other code point, except ッ which sits between チ and ツ) and ハ..ホ (every third).
    private static bool IsVoicable(char c) =>
        c is 'カ' or 'キ' or 'ク' or 'ケ' or 'コ' or 'サ' or 'シ' or 'ス' or 'セ' or 'ソ' or 'タ' or 'チ' or 'ツ' or 'テ' or 'ト'
            or 'ハ' or 'ヒ' or 'フ' or 'ヘ' or 'ホ';
}
