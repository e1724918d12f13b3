using Mizugiwa.Content.Headers;

namespace Mizugiwa.Content.Tests.Headers;

public sealed class CharsetAnalyzerTests
{
    private static readonly CharsetAnalyzer Analyzer = new();

    [Fact]
    public void Unknown_charset_fires_CHARSET_UNDECODABLE() =>
        Assert.Equal([CharsetAnalyzer.Undecodable], new TestMail().WithBody("text/plain; charset=x-no-such-charset", "hello\r\n").Symbols(Analyzer));

    [Fact]
    public void Eight_bit_text_without_charset_fires_CHARSET_8BIT_UNDECLARED() =>
        Assert.Equal([CharsetAnalyzer.EightBitUndeclared], new TestMail().WithBody("text/plain", "caf\u00e9 cr\u00e8me\r\n").Symbols(Analyzer));

    [Fact]
    public void Eight_bit_text_with_its_charset_is_fine() =>
        Assert.Empty(new TestMail().WithBody("text/plain; charset=iso-8859-1", "caf\u00e9 cr\u00e8me\r\n").Symbols(Analyzer));

    [Fact]
    public void Iso_2022_jp_labelled_us_ascii_fires_CHARSET_JAPANESE_AS_ASCII() =>
        Assert.Equal([CharsetAnalyzer.JapaneseAsAscii],
            new TestMail().WithBody("text/plain; charset=us-ascii", TestMail.Octets("出会い系サイトのご案内です", "iso-2022-jp") + "\r\n").Symbols(Analyzer));

    [Fact]
    public void Shift_jis_without_charset_fires_both_eight_bit_and_japanese()
    {
        var symbols = new TestMail().WithBody("text/plain", TestMail.Octets("こんにちは、お元気ですか", "shift_jis") + "\r\n").Symbols(Analyzer);
        Assert.Equal([CharsetAnalyzer.EightBitUndeclared, CharsetAnalyzer.JapaneseAsAscii], symbols);
    }

    [Fact]
    public void Japanese_with_its_charset_is_fine() =>
        Assert.Empty(new TestMail().WithBody("text/plain; charset=iso-2022-jp", TestMail.Octets("こんにちは、お元気ですか", "iso-2022-jp") + "\r\n").Symbols(Analyzer));
}
