using System.Text;
using Mizugiwa.Content.Arc;
using Mizugiwa.Content.Dkim;
using Mizugiwa.Content.Tests.Dkim.Support;

namespace Mizugiwa.Content.Tests.Arc;

public sealed class ArcAnalyzerTests
{
    [Fact]
    public async Task Message_without_arc_headers_is_arc_none()
    {
        var analyzer = new ArcAnalyzer(new ArcChainVerifier(new DnsDkimPublicKeyLocator(new SuiteDnsResolver())));

        var report = await DkimTestKit.RunAsync(analyzer, Encoding.ASCII.GetBytes("From: a@example.com\r\nSubject: x\r\n\r\nhi\r\n"));

        Assert.Equal(new ArcVerdict("none", 0), report.Arc);
        Assert.Equal(("arc", "none"), (report.AuthResults.Single().Method, report.AuthResults.Single().Result));
        Assert.Equal(ArcAnalyzer.NoneSymbol, Assert.Single(report.Symbols).Name);
    }

    [Fact]
    public async Task Broken_seal_is_arc_fail()
    {
        var raw = "ARC-Seal: i=1; a=rsa-sha256; cv=none; d=example.org; s=dummy; t=12345; b=AAAA\r\n" +
                  "ARC-Message-Signature: i=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=dummy; h=from; bh=AAAA; b=AAAA\r\n" +
                  "ARC-Authentication-Results: i=1; example.org; spf=pass smtp.mailfrom=example.org\r\n" +
                  "From: a@example.org\r\nSubject: x\r\n\r\nhi\r\n";
        var analyzer = new ArcAnalyzer(new ArcChainVerifier(new DnsDkimPublicKeyLocator(new SuiteDnsResolver())));

        var report = await DkimTestKit.RunAsync(analyzer, Encoding.ASCII.GetBytes(raw));

        Assert.Equal("fail", report.Arc!.Result);
        Assert.Equal(1, report.Arc.Instances);
        Assert.Contains(report.Symbols, s => s.Name == ArcAnalyzer.FailSymbol && s.DefaultScore > 0);
    }

    [Fact]
    public async Task More_than_fifty_sets_fail_without_verification()
    {
        var raw = new StringBuilder();
        for (int i = 51; i >= 1; i--) raw.Append($"ARC-Seal: i={i}; a=rsa-sha256; cv=pass; d=example.org; s=dummy; t=12345; b=AAAA\r\n");
        raw.Append("From: a@example.org\r\nSubject: x\r\n\r\nhi\r\n");
        var verifier = new ArcChainVerifier(new DnsDkimPublicKeyLocator(new SuiteDnsResolver()));

        var verdict = await verifier.VerifyAsync(RawMessage.Parse(Encoding.ASCII.GetBytes(raw.ToString())), CancellationToken.None);

        Assert.Equal(new ArcVerdict("fail", 51, "more than 50 ARC sets"), verdict);
    }
}
