using Mizugiwa.Delivery.Dkim;

namespace Mizugiwa.Delivery.Tests.Dkim;

/// <summary>relaxed/relaxed survives what relays commonly do to a message, and nothing more.</summary>
public sealed class DkimRelaxedTransitTests : IDisposable
{
    private const string Message = DkimVerification.Message;

    private readonly DkimFixture _fixture = new();

    public DkimRelaxedTransitTests()
    {
        _fixture.Store.Generate("example.com", "r1", DkimAlgorithm.Rsa);
        _fixture.Store.Generate("example.com", "e1", DkimAlgorithm.Ed25519);
    }

    public void Dispose() => _fixture.Dispose();

    public static TheoryData<string, string> Harmless => new()
    {
        { "refolded To", Message.Replace("To: Bob <bob@example.net>,\r\n Carol", "To: Bob <bob@example.net>, Carol", StringComparison.Ordinal) },
        { "folded Subject", Message.Replace("Subject: Quarterly figures", "Subject: Quarterly\r\n\tfigures", StringComparison.Ordinal) },
        { "spaces around the colon", Message.Replace("Subject: Quarterly", "Subject :   Quarterly", StringComparison.Ordinal) },
        { "header name case", Message.Replace("Message-ID:", "Message-Id:", StringComparison.Ordinal) },
        { "tabs for spaces in the body", Message.Replace("attached in spirit.  Über", "attached\tin spirit. \t Über", StringComparison.Ordinal) },
        { "trailing whitespace on body lines", Message.Replace("Hello Bob,\r\n", "Hello Bob,   \r\n", StringComparison.Ordinal) },
        { "empty lines added at the end", Message + "\r\n\r\n" },
        { "a Received field added on top", "Received: from relay.example.net by mx.example.org; Tue, 24 Nov 2026 09:31:00 +0000\r\n" + Message },
        { "an unsigned field added", Message.Replace("X-Mailer: test\r\n", "X-Mailer: test\r\nX-Spam-Score: 0.1\r\n", StringComparison.Ordinal) },
    };

    public static TheoryData<string, string> Harmful => new()
    {
        { "subject changed", Message.Replace("Quarterly figures", "Quarterly figures!", StringComparison.Ordinal) },
        { "body word changed", Message.Replace("Hello Bob", "Hello Rob", StringComparison.Ordinal) },
        { "line added to the body", Message + "P.S. send money\r\n" },
        { "whitespace inserted inside a word", Message.Replace("figures are", "fig ures are", StringComparison.Ordinal) },
    };

    [Theory]
    [MemberData(nameof(Harmless))]
    public async Task Both_signatures_survive(string change, string changed)
    {
        var headers = await _fixture.SignAsync("example.com", Message);

        var results = DkimVerification.Verify(headers + changed, _fixture.Records());

        Assert.True(results.Count == 2 && results.All(r => r.Valid), change);
    }

    [Theory]
    [MemberData(nameof(Harmful))]
    public async Task Both_signatures_break(string change, string changed)
    {
        var headers = await _fixture.SignAsync("example.com", Message);

        var results = DkimVerification.Verify(headers + changed, _fixture.Records());

        Assert.True(results.Count == 2 && results.All(r => !r.Valid), change);
    }
}
