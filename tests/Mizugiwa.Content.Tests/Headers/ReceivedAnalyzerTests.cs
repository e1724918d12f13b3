using System.Net;
using Mizugiwa.Content.Headers;

namespace Mizugiwa.Content.Tests.Headers;

public sealed class ReceivedAnalyzerTests
{
    private static readonly ContentEnvelope Direct = new(IPAddress.Parse("198.51.100.7"), null, "localhost", "x@example.org", ["bob@example.net"]);

    [Fact]
    public void No_trace_field_fires_RECEIVED_NONE() =>
        Assert.Equal([ReceivedAnalyzer.None], new TestMail().Remove("Received").Symbols(new ReceivedAnalyzer()));

    [Fact]
    public void Only_our_own_trace_field_fires_RECEIVED_NONE_when_configured()
    {
        Assert.Equal([ReceivedAnalyzer.None], new TestMail().Symbols(new ReceivedAnalyzer(new ReceivedOptions(OwnHeaders: 1))));
        Assert.Empty(new TestMail().Add("Received", "from pc (pc [10.0.0.2]) by mail.example.org; Fri, 04 Dec 2026 04:59:30 +0000")
            .Symbols(new ReceivedAnalyzer(new ReceivedOptions(OwnHeaders: 1))));
    }

    [Fact]
    public void An_authenticated_submission_needs_no_trace()
    {
        var envelope = new ContentEnvelope(IPAddress.Parse("198.51.100.7"), null, "pc", "alice@example.org", ["bob@example.net"], "alice");
        Assert.Empty(new TestMail().Remove("Received").Symbols(new ReceivedAnalyzer(), envelope));
    }

    [Fact]
    public void More_than_thirty_hops_fire_RECEIVED_TOO_MANY()
    {
        var mail = new TestMail();
        for (var i = 0; i < 30; i++) mail.Add("Received", $"from hop{i}.example.org by hop{i + 1}.example.org; Fri, 04 Dec 2026 04:00:00 +0000");
        Assert.Equal([ReceivedAnalyzer.TooMany], mail.Symbols(new ReceivedAnalyzer()));
        Assert.Empty(mail.Remove("Received").Add("Received", "from a by b; Fri, 04 Dec 2026 04:00:00 +0000").Symbols(new ReceivedAnalyzer()));
    }

    [Fact]
    public void Localhost_greeting_from_a_remote_client_fires_RECEIVED_FORGED_LOCALHOST() =>
        Assert.Equal([ReceivedAnalyzer.ForgedLocalhost], new TestMail().Symbols(new ReceivedAnalyzer(), Direct));

    [Fact]
    public void Localhost_greeting_from_loopback_or_after_auth_is_fine()
    {
        Assert.Empty(new TestMail().Symbols(new ReceivedAnalyzer(), Direct with { ClientAddress = IPAddress.Loopback }));
        Assert.Empty(new TestMail().Symbols(new ReceivedAnalyzer(), Direct with { ClientAddress = IPAddress.IPv6Loopback }));
        Assert.Empty(new TestMail().Symbols(new ReceivedAnalyzer(), Direct with { AuthenticatedUser = "alice" }));
    }
}
