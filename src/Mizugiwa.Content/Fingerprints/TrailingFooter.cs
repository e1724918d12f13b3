namespace Mizugiwa.Content.Fingerprints;

/// <summary>
/// Drops the blocks that mailing lists and signatures append to a text, before fuzzy fingerprinting:
/// a short body with a list's footer would otherwise be mostly footer, and look like every other
/// short post to that list (a ham and a spam posted to one list measured 0.62 with the footer).
/// The text is cut at the highest separator line (20 or more of one of '-', '_', '=' or '*', or the
/// "-- " signature separator of RFC 3676 §4.3) below which there are at most
/// <see cref="MaximumFooterWords"/> words (a list footer often follows a sponsor's block, each with
/// its own separator).
/// </summary>
internal static class TrailingFooter
{
    public const int MaximumFooterWords = 80;
    private const int MinimumSeparatorLength = 20;

    public static string Strip(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var end = lines.Length;
        int wordsAfter = 0;
        for (int i = lines.Length - 1; i >= 0; i--)
        {
            if (IsSeparator(lines[i]))
            {
                end = i;
                continue;
            }
            wordsAfter += lines[i].Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Length;
            if (wordsAfter > MaximumFooterWords) break;
        }
        return end == lines.Length ? text : string.Join('\n', lines, 0, end);
    }

    private static bool IsSeparator(string line)
    {
        if (line is "-- " or "--") return true;
        var trimmed = line.Trim();
        return trimmed.Length >= MinimumSeparatorLength && trimmed.All(c => c is '-' or '_' or '=' or '*') && trimmed.Distinct().Count() == 1;
    }
}
