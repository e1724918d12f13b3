using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

namespace Mizugiwa.Content.Bayes;

/// <summary>
/// Decodes RFC 2047 encoded-words of a header from its raw octets with .NET's encodings (the code-page
/// provider registered here). MimeKit's own header decoding does not know ISO-2022-JP and the other
/// code-page charsets when its charset table was built before the provider was registered, which is
/// the case when the first message of the process is parsed before the MIME walk registers it.
/// </summary>
public static partial class EncodedWords
{
    static EncodedWords() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [GeneratedRegex(@"=\?([^?*\s]+)(?:\*[^?\s]*)?\?([BbQq])\?([^?\s]*)\?=(?:\s+(?==\?))?", RegexOptions.CultureInvariant)]
    private static partial Regex EncodedWord();

    /// <summary>The decoded text of the first header <paramref name="id"/>, unfolded, or null when there is none.</summary>
    public static string? Header(MimeMessage message, HeaderId id)
    {
        var header = message.Headers.FirstOrDefault(h => h.Id == id);
        if (header is null) return null;
        var raw = Encoding.Latin1.GetString(header.RawValue).Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);
        if (!raw.Contains("=?", StringComparison.Ordinal))
            return IsAscii(raw) ? raw.Trim() : Encoding.UTF8.GetString(header.RawValue).Trim();
        return Decode(raw).Trim();
    }

    public static string Decode(string raw) => EncodedWord().Replace(raw, match =>
    {
        try
        {
            var encoding = Encoding.GetEncoding(match.Groups[1].Value);
            var text = match.Groups[3].Value;
            var bytes = match.Groups[2].Value is "B" or "b" ? Convert.FromBase64String(PadBase64(text)) : QuotedPrintable(text);
            return encoding.GetString(bytes);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or NotSupportedException)
        {
            return match.Value;
        }
    });

    private static bool IsAscii(string text) => text.All(c => c < 0x80);

    private static string PadBase64(string text) => text.Length % 4 == 0 ? text : text + new string('=', 4 - text.Length % 4);

    private static byte[] QuotedPrintable(string text)
    {
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '_') bytes.Add((byte)' ');
            else if (text[i] == '=' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else bytes.Add((byte)text[i]);
        }
        return [.. bytes];
    }
}
