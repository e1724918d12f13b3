using System.Text;

namespace Mizugiwa.Content.Headers;

/// <summary>
/// Text parts whose charset label does not fit their octets: a charset nobody can decode, 8-bit
/// text with no charset (RFC 2045 5.2 makes that us-ascii), and Japanese text labelled us-ascii
/// (ISO-2022-JP escapes or Shift_JIS/EUC-JP octets), which mass mailers produce and MUAs do not.
/// </summary>
public sealed class CharsetAnalyzer : IContentAnalyzer
{
    public const string Undecodable = "CHARSET_UNDECODABLE";
    public const string EightBitUndeclared = "CHARSET_8BIT_UNDECLARED";
    public const string JapaneseAsAscii = "CHARSET_JAPANESE_AS_ASCII";

    private const int MinKana = 4;

    static CharsetAnalyzer() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public string Name => "charset";

    public IReadOnlyCollection<string> Symbols => [Undecodable, EightBitUndeclared, JapaneseAsAscii];
    public ContentStage Stage => ContentStage.Analysis;

    public ValueTask AnalyzeAsync(ContentMessage message, ContentReport report, CancellationToken cancellationToken)
    {
        if (message.Parts.UndecodableCharsets.Count > 0)
            report.Add(Undecodable, 1.0, string.Join(",", message.Parts.UndecodableCharsets));
        bool eightBit = false, japanese = false;
        foreach (var section in message.Parts.Texts)
        {
            if (!Charsets.IsAscii(section.DeclaredCharset)) continue;
            var octets = PartBytes.Read(section.Part);
            var hasHighOctets = octets.AsSpan().IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0;
            eightBit |= hasHighOctets && section.DeclaredCharset is null;
            japanese |= HasIso2022JpEscape(octets) || (hasHighOctets && LooksLikeJapanese(octets));
        }
        if (eightBit) report.Add(EightBitUndeclared, 0.5);
        if (japanese) report.Add(JapaneseAsAscii, 1.5);
        return ValueTask.CompletedTask;
    }

    // ESC $ B and ESC $ @ switch ISO-2022-JP (RFC 1468) into JIS X 0208.
    private static bool HasIso2022JpEscape(byte[] octets) =>
        octets.AsSpan().IndexOf("\u001b$B"u8) >= 0 || octets.AsSpan().IndexOf("\u001b$@"u8) >= 0;

    private static bool LooksLikeJapanese(byte[] octets) =>
        KanaCount(octets, "shift_jis") >= MinKana || KanaCount(octets, "euc-jp") >= MinKana;

    private static int KanaCount(byte[] octets, string charset)
    {
        var strict = Encoding.GetEncoding(charset, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        try
        {
            return strict.GetString(octets).Count(c => c is >= '\u3041' and <= '\u30FF');
        }
        catch (DecoderFallbackException)
        {
            return 0;
        }
    }
}
