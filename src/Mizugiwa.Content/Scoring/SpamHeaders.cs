using System.Globalization;
using System.Text;

namespace Mizugiwa.Content.Scoring;

/// <summary>
/// The spam label a recipient in label, quarantine or reject mode gets (the names SpamAssassin made
/// common, so existing client filters keep working):
/// X-Spam-Flag: YES (spam only), X-Spam-Score, and X-Spam-Status listing the symbols.
/// </summary>
public static class SpamHeaders
{
    private const int FoldAt = 76;

    public static string Render(ContentVerdict verdict, double spamScore)
    {
        var header = new StringBuilder();
        if (verdict.IsSpam) header.Append("X-Spam-Flag: YES\r\n");
        header.Append("X-Spam-Score: ").Append(Format(verdict.Score)).Append("\r\n");
        var status = $"X-Spam-Status: {(verdict.IsSpam ? "Yes" : "No")}, score={Format(verdict.Score)} required={Format(spamScore)}";
        var tests = verdict.Symbols.Select(s => $"{s.Name}={Format(s.Score)}").ToList();
        header.Append(Fold(status, tests.Count == 0 ? ["tests=none"] : ["tests=" + tests[0], .. tests.Skip(1)]));
        return header.ToString();
    }

    private static string Fold(string start, IReadOnlyList<string> words)
    {
        var text = new StringBuilder(start);
        var lineLength = start.Length;
        for (var i = 0; i < words.Count; i++)
        {
            var word = i == 0 ? words[i] : "," + words[i];
            if (i == 0) word = " " + word;
            if (lineLength + word.Length > FoldAt)
            {
                text.Append("\r\n\t");
                word = word.TrimStart(' ');
                lineLength = 1;
            }
            text.Append(word);
            lineLength += word.Length;
        }
        return text.Append("\r\n").ToString();
    }

    private static string Format(double score) => score.ToString("0.0##", CultureInfo.InvariantCulture);
}
