using System.Text;

namespace Mizugiwa.Content.Text;

/// <summary>
/// The part of NFKC that matters for mail text (Bayes tokens, fingerprints), done by hand because the server runs with
/// InvariantGlobalization, where string.Normalize leaves non-ASCII text as it is: full-width ASCII
/// and the ideographic space to ASCII, full-width currency signs to their usual forms, and half-width
/// katakana to full-width with the voiced and semi-voiced marks composed (ｶﾞ → ガ, ﾊﾟ → パ).
/// </summary>
public static class WidthFolding
{
    /// <summary>U+FF61..U+FF9D in order.</summary>
    private const string HalfWidthKatakana =
        "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";

    private const string Voiceable = "カキクケコサシスセソタチツテトハヒフヘホ";
    private const string SemiVoiceable = "ハヒフヘホ";
    private const string FullWidthSigns = "¢£¬¯¦¥₩"; // U+FFE0..U+FFE6

    public static string Fold(string text)
    {
        if (!NeedsFolding(text)) return text;
        var folded = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case >= '\uFF01' and <= '\uFF5E': folded.Append((char)(c - 0xFF01 + 0x21)); break;
                case '\u3000': folded.Append(' '); break;
                case >= '\uFFE0' and <= '\uFFE6': folded.Append(FullWidthSigns[c - 0xFFE0]); break;
                case >= '\uFF61' and <= '\uFF9D': folded.Append(HalfWidthKatakana[c - 0xFF61]); break;
                case '\uFF9E': Voice(folded, '\u309B', Voiceable, 1); break;
                case '\uFF9F': Voice(folded, '\u309C', SemiVoiceable, 2); break;
                default: folded.Append(c); break;
            }
        }
        return folded.ToString();
    }

    private static bool NeedsFolding(string text)
    {
        foreach (var c in text)
            if (c is '\u3000' or >= '\uFF01' and <= '\uFFE6') return true;
        return false;
    }

    /// <summary>Composes a voicing mark with the katakana before it, or keeps it as the spacing mark.</summary>
    private static void Voice(StringBuilder folded, char spacingMark, string composable, int offset)
    {
        var last = folded.Length > 0 ? folded[^1] : '\0';
        if (composable.Contains(last)) folded[^1] = (char)(last + offset);
        else if (offset == 1 && last == 'ウ') folded[^1] = 'ヴ';
        else folded.Append(spacingMark);
    }
}
