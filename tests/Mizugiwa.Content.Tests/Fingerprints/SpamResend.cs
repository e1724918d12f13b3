using System.Net;
using System.Text;
using MimeKit;

namespace Mizugiwa.Content.Tests.Fingerprints;

/// <summary>
/// A spam "sent again" as spammers do: the same text with a few words changed and random tokens and
/// numbers inserted, in a new MIME structure (HTML or plain, new boundary, new headers). Seeded, so a
/// failure is reproducible.
/// </summary>
internal static class SpamResend
{
    private static readonly string[] Replacements = ["amazing", "special", "today", "exclusive", "offer", "friend", "limited", "free"];

    public static ContentMessage Of(ContentMessage original, int seed, int changedWords = 3, int insertedTokens = 3)
    {
        var random = new Random(seed);
        var text = original.Parts.Texts.Count == 0 ? "" : original.Parts.Texts[0].Text;
        // Lines are kept (a resent spam keeps its layout); the changes fall on random words.
        var lines = text.ReplaceLineEndings("\n").Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList()).ToList();
        var positions = lines.SelectMany((words, line) => words.Select((_, index) => (line, index))).ToList();
        for (int i = 0; i < changedWords && positions.Count > 0; i++)
        {
            var (line, index) = positions[random.Next(positions.Count)];
            lines[line][index] = Replacements[random.Next(Replacements.Length)];
        }
        for (int i = 0; i < insertedTokens && positions.Count > 0; i++)
        {
            var token = random.Next(2) == 0 ? random.Next(100_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture) : RandomToken(random);
            var (line, index) = positions[random.Next(positions.Count)];
            lines[line].Insert(Math.Min(index, lines[line].Count), token);
        }
        var changedLines = lines.Select(words => string.Join(' ', words)).ToList();
        var changed = string.Join('\n', changedLines);
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Sender " + RandomToken(random), $"{RandomToken(random)}@example.net"));
        message.To.Add(new MailboxAddress("", $"{RandomToken(random)}@example.org"));
        message.Subject = (original.Mime.Subject ?? "") + " " + RandomToken(random);
        message.MessageId = $"{RandomToken(random)}@example.net";
        var builder = new BodyBuilder();
        if (seed % 2 == 0)
            builder.HtmlBody = $"<html><head><style>p {{ color: #{random.Next(0xFFFFFF):x6} }}</style></head><body><table><tr><td><font face=\"Arial\">{string.Join("<br>\n", changedLines.Select(WebUtility.HtmlEncode))}</font></td></tr></table></body></html>";
        else builder.TextBody = changed;
        message.Body = builder.ToMessageBody();
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return ContentMessageReader.Read(stream.ToArray(), new ContentEnvelope(null, null, null, "", []));
    }

    public static string RandomToken(Random random)
    {
        var token = new StringBuilder();
        for (int i = 0; i < 8; i++) token.Append((char)('a' + random.Next(26)));
        return token.ToString();
    }
}
