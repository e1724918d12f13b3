using Mizugiwa.Content.Scoring;

namespace Mizugiwa.Content.Tests.Scoring;

public sealed class SpamHeadersTests
{
    [Fact]
    public void Long_symbol_lists_are_folded_and_every_symbol_is_listed()
    {
        var symbols = Enumerable.Range(0, 20).Select(i => new ScoredSymbol($"SYMBOL_NUMBER_{i}", 0.5, null)).ToList();
        var verdict = new ContentVerdict(10, symbols, ContentAction.Spam, [], new ContentReport());
        var headers = SpamHeaders.Render(verdict, 5);
        Assert.StartsWith("X-Spam-Flag: YES\r\nX-Spam-Score: 10.0\r\nX-Spam-Status: Yes, score=10.0 required=5.0 tests=", headers);
        Assert.All(headers.Split("\r\n"), line => Assert.True(line.Length <= 78, line));
        Assert.All(symbols, s => Assert.Contains(s.Name + "=0.5", headers));
        var parsed = MimeKit.HeaderList.Load(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(headers + "\r\n")));
        Assert.Equal(3, parsed.Count);
    }
}
