using System.Text;
using Mizugiwa.Content.Dmarc;
using Mizugiwa.Content.Headers;
using Mizugiwa.Content.Tests.Dkim.Support;
using Mizugiwa.Content.Tests.Dmarc;
using Mizugiwa.Content.Urls;
using Mizugiwa.Policy.Dns;
using Mizugiwa.Policy.Tests.Support;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Mizugiwa.Content.Tests.Headers;

/// <summary>
/// Real parts: dkimpy signs a newsletter, dnsmasq publishes its key and DMARC record, and our DKIM, DMARC and
/// one-click analyzers run in stage order over the real resolver, as the server runs them.
/// </summary>
public sealed class OneClickUnsubscribeDnsmasqTests
{
    private const string Domain = "shop.example";

    private static readonly byte[] Newsletter = Encoding.ASCII.GetBytes(
        "From: Shop <offers@shop.example>\r\nTo: user@example.net\r\nSubject: this week's offers\r\n" +
        "Date: Fri, 04 Dec 2026 06:00:00 +0000\r\nMessage-ID: <news-1@shop.example>\r\n" +
        "List-Unsubscribe: <https://shop.example/unsubscribe/42>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" +
        "\r\nThis week's offers.\r\n");

    [Fact]
    public async Task A_newsletter_whose_signature_covers_the_one_click_fields_gets_the_symbol_and_one_that_leaves_them_out_does_not()
    {
        var key = new Ed25519PrivateKeyParameters(new SecureRandom());
        var seed = Convert.ToBase64String(key.GetEncoded());
        var covering = await Dkimpy.SignAsync(Newsletter, "ed1", Domain, seed, "ed25519-sha256",
            ["From", "To", "Subject", "Date", "Message-ID", "List-Unsubscribe", "List-Unsubscribe-Post"]);
        var leavingOut = await Dkimpy.SignAsync(Newsletter, "ed1", Domain, seed, "ed25519-sha256", ["From", "To", "Subject", "Date", "Message-ID", "List-Unsubscribe"]);
        await using var dns = await DnsmasqServer.StartAsync(new DnsmasqRecords()
            .TxtRecord($"ed1._domainkey.{Domain}", $"v=DKIM1; k=ed25519; p={Convert.ToBase64String(key.GeneratePublicKey().GetEncoded())}")
            .TxtRecord($"_dmarc.{Domain}", "v=DMARC1; p=none"));

        var covered = await ScanAsync(dns, covering);
        Assert.Equal("pass", covered.Dmarc!.Result);
        Assert.Contains(covered.Symbols, s => s.Name == OneClickUnsubscribeAnalyzer.Symbol && s.Detail == $"signed by {Domain}");

        var partial = await ScanAsync(dns, leavingOut);
        Assert.Equal("pass", partial.Dmarc!.Result);
        Assert.DoesNotContain(partial.Symbols, s => s.Name == OneClickUnsubscribeAnalyzer.Symbol);
    }

    private static async Task<ContentReport> ScanAsync(DnsmasqServer dns, string signature)
    {
        var resolver = new DnsResolver(new DnsResolverOptions { Servers = [dns.Server], Retries = 0 });
        var suffixes = PublicSuffixList.Load(SharedPslFiles.List);
        var message = ContentMessageReader.Read(Encoding.ASCII.GetBytes(signature).Concat(Newsletter).ToArray(), DkimTestKit.Envelope);
        var report = new ContentReport();
        IContentAnalyzer[] stages = [DkimTestKit.Analyzer(resolver), new DmarcAnalyzer(resolver, suffixes, new DmarcOptions()),
            new OneClickUnsubscribeAnalyzer(new PublicSuffixRegistrableDomain(suffixes))];
        foreach (var analyzer in stages) await analyzer.AnalyzeAsync(message, report, CancellationToken.None);
        return report;
    }
}
