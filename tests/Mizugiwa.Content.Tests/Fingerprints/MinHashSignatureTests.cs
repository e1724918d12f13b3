using Mizugiwa.Content.Fingerprints;

namespace Mizugiwa.Content.Tests.Fingerprints;

public sealed class MinHashSignatureTests
{
    private static readonly FingerprintOptions Options = new();

    [Fact]
    public void TheSameTextGivesTheSameSignatureAndItSurvivesEncoding()
    {
        var a = MinHashSignature.Of(TestMessages.SpamText, Options)!;
        var b = MinHashSignature.Of(TestMessages.SpamText.ToUpperInvariant().Replace(" ", "  \n", StringComparison.Ordinal), Options)!;
        Assert.Equal(1.0, a.Similarity(b));
        Assert.Equal(Options.HashFunctions, a.Values.Count);
        var decoded = MinHashSignature.Decode(a.Encode(), a.Words)!;
        Assert.Equal(a.Values, decoded.Values);
        Assert.Equal(a.BandHashes(Options.Bands), decoded.BandHashes(Options.Bands));
    }

    [Fact]
    public void SimilarityFollowsTheShareOfCommonShingles()
    {
        var words = TestMessages.SpamText.Split(' ');
        var edited = (string[])words.Clone();
        edited[10] = "zebra";
        edited[60] = "quokka";
        var original = MinHashSignature.Of(TestMessages.SpamText, Options)!;
        var similar = original.Similarity(MinHashSignature.Of(string.Join(' ', edited), Options)!);
        Assert.InRange(similar, 0.7, 0.99);
        var unrelated = MinHashSignature.Of(string.Join(' ', Enumerable.Range(0, 100).Select(i => "word" + (char)('a' + i % 26) + (char)('a' + i / 26))), Options)!;
        Assert.InRange(original.Similarity(unrelated), 0, 0.05);
    }

    [Fact]
    public void TextsBelowTheMinimumGetNoSignature()
    {
        Assert.Null(MinHashSignature.Of(string.Join(' ', Enumerable.Repeat("spam", Options.MinimumWords - 1)), Options));
        Assert.NotNull(MinHashSignature.Of(string.Join(' ', Enumerable.Repeat("spam", Options.MinimumWords)), Options));
    }

    [Fact]
    public void GarbageDoesNotDecode()
    {
        Assert.Null(MinHashSignature.Decode("not base64!", 10));
        Assert.Null(MinHashSignature.Decode("AAA=", 10));
    }
}
