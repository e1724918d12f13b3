using System.Text;
using Mizugiwa.Content.Headers;

namespace Mizugiwa.Content.Tests.Headers;

public sealed class SubjectAnalyzerTests
{
    private static readonly SubjectAnalyzer Analyzer = new();

    [Fact]
    public void Shouting_subject_fires_SUBJECT_ALL_CAPS() =>
        Assert.Equal([SubjectAnalyzer.AllCaps], new TestMail().Set("Subject", "MAKE MONEY FAST 2026").Symbols(Analyzer));

    [Theory]
    [InlineData("RE: FYI")]
    [InlineData("Meeting NOTES for IBM and NASA")]
    [InlineData("未承諾広告 日本語の件名")]
    public void Short_acronyms_mixed_case_and_caseless_scripts_are_not_caps(string subject) =>
        Assert.Empty(new TestMail().Set("Subject", Encoded(subject)).Symbols(Analyzer));

    [Theory]
    [InlineData("Act now!!!")]
    [InlineData("Win! Win! Win!")]
    [InlineData("今すぐ！！！")]
    public void Three_exclamation_marks_fire_SUBJECT_EXCLAMATIONS(string subject) =>
        Assert.Equal([SubjectAnalyzer.Exclamations], new TestMail().Set("Subject", Encoded(subject)).Symbols(Analyzer));

    [Fact]
    public void Two_exclamation_marks_are_fine() =>
        Assert.Empty(new TestMail().Set("Subject", "We won! Party tonight!").Symbols(Analyzer));

    [Fact]
    public void Subject_in_big5_over_a_shift_jis_body_fires_SUBJECT_CHARSET_MISMATCH()
    {
        var mail = new TestMail()
            .Set("Subject", "=?big5?B?" + Convert.ToBase64String(Big5("免費")) + "?=")
            .WithBody("text/plain; charset=shift_jis", TestMail.Octets("こんにちは", "shift_jis") + "\r\n")
            .Set("Content-Transfer-Encoding", "8bit");
        Assert.Equal([SubjectAnalyzer.CharsetMismatch], mail.Symbols(Analyzer));
    }

    [Fact]
    public void Subject_in_the_body_charset_or_latin_over_ascii_is_fine()
    {
        var japanese = new TestMail()
            .Set("Subject", Encoded("会議の件"))
            .WithBody("text/plain; charset=ISO-2022-JP", TestMail.Octets("こんにちは", "iso-2022-jp") + "\r\n");
        Assert.Empty(japanese.Symbols(Analyzer));
        var latin = new TestMail().Set("Subject", "=?iso-8859-1?Q?Caf=E9?=").WithBody("text/plain; charset=utf-8", "caf\u00c3\u00a9\r\n");
        Assert.Empty(latin.Symbols(Analyzer));
        var japaneseOverAscii = new TestMail().Set("Subject", Encoded("会議の件"));
        Assert.Empty(japaneseOverAscii.Symbols(Analyzer));
    }

    private static string Encoded(string subject) =>
        subject.All(char.IsAscii) ? subject : "=?iso-2022-jp?B?" + Convert.ToBase64String(Encoding.Latin1.GetBytes(TestMail.Octets(subject, "iso-2022-jp"))) + "?=";

    private static byte[] Big5(string text) => Encoding.Latin1.GetBytes(TestMail.Octets(text, "big5"));
}
