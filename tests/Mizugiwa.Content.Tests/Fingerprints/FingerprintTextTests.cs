using Mizugiwa.Content.Fingerprints;

namespace Mizugiwa.Content.Tests.Fingerprints;

public sealed class FingerprintTextTests
{
    [Fact]
    public void FullwidthAndHalfwidthFormsFoldToTheSameWords()
    {
        Assert.Equal(
            FingerprintText.Words("buy now ガイド パソコン", 100),
            FingerprintText.Words("ＢＵＹ　ＮＯＷ ｶﾞｲﾄﾞ ﾊﾟｿｺﾝ", 100));
    }

    [Fact]
    public void UrlsBecomeTheirHostAndAddressesTheirDomain()
    {
        var words = FingerprintText.Words("Visit https://user@Shop.Example.com:8080/p/a?id=123&r=abc now, mail x.y+z@Mail.Example.org", 100);
        Assert.Equal(["visit", "shop.example.com", "now", "mail", "mail.example.org"], words);
        Assert.Equal(words, FingerprintText.Words("Visit http://shop.example.com/other/path?id=999 now, mail other@mail.example.org", 100));
    }

    [Fact]
    public void NumbersAreDroppedAndDigitsInsideWordsAreOneMark()
    {
        Assert.Equal(["only", "left", "v#x"], FingerprintText.Words("Only 12 left! 3,500 v1x", 100));
        Assert.Equal(["v#x"], FingerprintText.Words("v987654x", 100));
    }

    [Fact]
    public void CjkRunsBecomeCharacterBigrams()
    {
        Assert.Equal(["未承", "承諾", "諾広", "広告", "free", "今"], FingerprintText.Words("未承諾広告 FREE 今", 100));
    }

    [Fact]
    public void WordsStopAtTheLimit()
    {
        Assert.Equal(5, FingerprintText.Words(string.Join(' ', Enumerable.Repeat("word", 50)), 5).Count);
    }
}
