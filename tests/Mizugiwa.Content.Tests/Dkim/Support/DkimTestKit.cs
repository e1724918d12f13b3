using System.Net;
using Mizugiwa.Content.Dkim;
using Mizugiwa.Policy.Dns;

namespace Mizugiwa.Content.Tests.Dkim.Support;

/// <summary>Builds a DkimAnalyzer over a resolver and runs it on raw message octets.</summary>
public static class DkimTestKit
{
    public static readonly ContentEnvelope Envelope = new(IPAddress.Parse("192.0.2.1"), null, "client.example", "sender@example.com", ["rcpt@example.test"]);

    public static DkimAnalyzer Analyzer(IDnsResolver resolver, DkimVerifierOptions? options = null, TimeProvider? time = null)
    {
        options ??= new DkimVerifierOptions();
        return new DkimAnalyzer(new DkimSignatureVerifier(new DnsDkimPublicKeyLocator(resolver), options, time ?? TimeProvider.System), options);
    }

    public static async Task<ContentReport> RunAsync(IContentAnalyzer analyzer, byte[] raw)
    {
        var message = ContentMessageReader.Read(raw, Envelope);
        var report = new ContentReport();
        await analyzer.AnalyzeAsync(message, report, CancellationToken.None);
        return report;
    }
}
