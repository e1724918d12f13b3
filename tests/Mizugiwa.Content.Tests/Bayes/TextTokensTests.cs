using Mizugiwa.Content.Bayes;
using Mizugiwa.Content.Text;

namespace Mizugiwa.Content.Tests.Bayes;

public sealed class TextTokensTests
{
    private static HashSet<string> Tokens(string text, string prefix = "")
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        TextTokens.Add(text, prefix, tokens);
        return tokens;
    }

    [Fact]
    public void Japanese_runs_become_overlapping_bigrams_across_scripts()
    {
        Assert.Equal(new HashSet<string> { "迷惑", "惑メ", "メー", "ール" }, Tokens("迷惑メール"));
    }

    [Fact]
    public void Japanese_punctuation_ends_a_run_and_a_lone_character_is_a_token()
    {
        Assert.Equal(new HashSet<string> { "無料", "今", "すぐ" }, Tokens("無料、今。すぐ"));
    }

    [Fact]
    public void Half_width_katakana_is_normalised_to_full_width_with_its_voicing_marks()
    {
        Assert.Equal(Tokens("カタカナ"), Tokens("ｶﾀｶﾅ"));
        Assert.Equal(new HashSet<string> { "ガイ", "イド" }, Tokens("ｶﾞｲﾄﾞ"));
        Assert.Equal(new HashSet<string> { "パソ", "ソコ", "コン" }, Tokens("ﾊﾟｿｺﾝ"));
        Assert.Equal(new HashSet<string> { "ヴァ" }, Tokens("ｳﾞｧ"));
        Assert.Equal("パソコン「無料」 free ¥100", WidthFolding.Fold("ﾊﾟｿｺﾝ｢無料｣\u3000ｆｒｅｅ ￥１００"));
    }

    [Fact]
    public void Full_width_latin_is_normalised_and_lower_cased()
    {
        Assert.Equal(new HashSet<string> { "free", "viagra" }, Tokens("ＦＲＥＥ Viagra"));
    }

    [Fact]
    public void Hangul_is_split_into_bigrams()
    {
        Assert.Equal(new HashSet<string> { "광고", "고메", "메일" }, Tokens("광고메일"));
    }

    [Fact]
    public void Words_are_3_to_40_characters_and_longer_ones_collapse_to_a_skip_token()
    {
        var tokens = Tokens($"an old {new string('x', 45)} (money) $100 \"quoted\" free!!");
        Assert.Equal(new HashSet<string> { "old", "skip:x:40", "money", "$100", "quoted", "free!!" }, tokens);
    }

    [Fact]
    public void Latin_and_cjk_next_to_each_other_are_split()
    {
        Assert.Equal(new HashSet<string> { "click", "今す", "すぐ" }, Tokens("click今すぐ"));
    }

    [Fact]
    public void The_prefix_marks_every_token()
    {
        Assert.Equal(new HashSet<string> { "subject:cheap", "subject:迷惑" }, Tokens("Cheap 迷惑", "subject:"));
    }

    [Fact]
    public void A_word_joined_by_punctuation_is_a_token_and_so_is_each_piece_of_3_or_more_characters()
    {
        Assert.Equal(new HashSet<string> { "dr.savimbi", "savimbi", "angola.the", "angola", "the" }, Tokens("Dr.Savimbi angola.the"));
        Assert.Equal(new HashSet<string> { "http://www.cheap-pills.example/buy?now", "http", "www", "cheap", "pills", "example", "buy", "now" },
            Tokens("http://www.cheap-pills.example/buy?now"));
    }

    [Fact]
    public void A_plain_word_gives_no_pieces_and_pieces_keep_the_prefix()
    {
        Assert.Equal(new HashSet<string> { "money" }, Tokens("money"));
        Assert.Equal(new HashSet<string> { "subject:re:free", "subject:free" }, Tokens("Re:Free", "subject:"));
    }

    [Fact]
    public void The_pieces_of_a_word_too_long_to_be_a_token_are_still_tokens()
    {
        var tokens = Tokens("www.example.com/" + new string('q', 30) + "/unsubscribe-now-please-thanks");

        Assert.Equal(new HashSet<string> { "skip:w:70", "www", "example", "com", new string('q', 30), "unsubscribe", "now", "please", "thanks" }, tokens);
    }
}
